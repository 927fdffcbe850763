"use client";
import { useId, type ComponentType } from "react";
import { useAfterHydration } from "@/components/layout/use-after-hydration";
import { Select } from "@/components/ui/select";
import { useRegion } from "@/components/layout/use-region";
import { regionNameOf } from "@/lib/schemas/region-names";

type LiveSelect = ComponentType<{ autoFocus?: boolean }>;

/**
 * The top bar's region selector. The live region list (react-query, the /api client and its zod schemas) is not
 * needed to paint or hydrate the page, so that code loads right after; until then the selector offers the
 * selected region alone, exactly as it does while the live list is being fetched.
 */
export function RegionSelect() {
  const id = useId();
  const { region } = useRegion();
  const { Loaded: Live, hadFocus, placeholderRef: selectRef } = useAfterHydration<LiveSelect, HTMLSelectElement>(() =>
    import("@/components/layout/region-select-live").then((m) => m.LiveRegionSelect),
  );

  if (Live) return <Live autoFocus={hadFocus} />;
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm font-medium text-slate-700 max-sm:sr-only">
        Region
      </label>
      <Select id={id} ref={selectRef} value={region} onChange={() => {}} aria-busy className="w-36 sm:w-auto sm:min-w-44">
        <option value={region}>{regionNameOf(region)}</option>
      </Select>
    </div>
  );
}
