"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useId, useTransition } from "react";
import { Select } from "@/components/ui/select";
import { regionsQuery } from "@/lib/client/regions";
import { regionNameOf } from "@/lib/schemas/region-names";
import { useRegion } from "@/components/layout/use-region";

/** The region selector with the account's live region list (react-query + zod); see region-select.tsx. */
export function LiveRegionSelect({ autoFocus = false }: { autoFocus?: boolean }) {
  const id = useId();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const { region } = useRegion();
  const [isPending, startTransition] = useTransition();
  // The account's regions, live from the cloud; until they arrive, the selected one alone.
  const live = useQuery(regionsQuery());
  // A region whose HBR probe failed just now says so, rather than passing for one with or without policies.
  const options =
    live.data?.regions.map((r) => ({ regionId: r.regionId, localName: r.policySupported === null ? `${r.localName} (policy support unknown)` : r.localName })) ?? [
      { regionId: region, localName: regionNameOf(region) },
    ];
  if (!options.some((r) => r.regionId === region)) options.unshift({ regionId: region, localName: regionNameOf(region) });

  function changeRegion(next: string) {
    // A plan's or an instance's page belongs to the record's region: another region opens that section's list there.
    const recordList = /^\/(plans|instances)\/(?!new$)[^/]+$/.exec(pathname)?.[1];
    if (recordList) {
      startTransition(() => router.push(`/${recordList}?${new URLSearchParams({ region: next })}`));
      return;
    }
    const params = new URLSearchParams(searchParams);
    params.set("region", next);
    startTransition(() => router.replace(`${pathname}?${params}`, { scroll: false }));
  }

  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm font-medium text-slate-700 max-sm:sr-only">
        Region
      </label>
      <Select
        id={id}
        value={region}
        onChange={(e) => changeRegion(e.target.value)}
        aria-busy={isPending || live.isPending || undefined}
        className="w-36 sm:w-auto sm:min-w-44"
        autoFocus={autoFocus}
      >
        {options.map((r) => (
          <option key={r.regionId} value={r.regionId}>
            {r.localName}
          </option>
        ))}
      </Select>
    </div>
  );
}
