"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useId, useTransition } from "react";
import { Select } from "@/components/ui/select";
import { regions } from "@/lib/schemas/regions";
import { useRegion } from "@/components/layout/use-region";

export function RegionSelect() {
  const id = useId();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const { region } = useRegion();
  const [isPending, startTransition] = useTransition();

  function changeRegion(next: string) {
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
        aria-busy={isPending || undefined}
        className="w-36 sm:w-auto sm:min-w-44"
      >
        {regions.map((r) => (
          <option key={r.regionId} value={r.regionId}>
            {r.localName}
          </option>
        ))}
      </Select>
    </div>
  );
}
