"use client";
import { formatAgo } from "@/components/coverage/relative-time";
import type { CoveragePage } from "@/lib/schemas/coverage";
import { regionNameOf } from "@/lib/schemas/region-names";
import { formatDateTime } from "@/lib/utils";

/** How fresh the inventory is, per region: "Inventory synced 20 s ago", "never synced yet", or the last error. */
export function CoverageFreshness({ regions, now }: { regions: CoveragePage["regions"] | undefined; now: number }) {
  if (!regions || regions.length === 0) return null;
  return (
    <ul aria-label="Inventory freshness" className="mb-4 flex flex-wrap gap-x-5 gap-y-1 text-xs text-slate-700" data-testid="coverage-freshness">
      {regions.map((r) => (
        <li key={r.regionId}>
          <span className="font-medium text-slate-900">{regionNameOf(r.regionId)}:</span>{" "}
          {r.syncedAt ? (
            <>
              Inventory synced{" "}
              <time dateTime={r.syncedAt} title={formatDateTime(r.syncedAt)}>
                {formatAgo(r.syncedAt, now)}
              </time>{" "}
              ({r.instances.toLocaleString("en-US")} {r.instances === 1 ? "instance" : "instances"})
            </>
          ) : (
            "never synced yet"
          )}
          {r.lastError ? <span className="text-red-700"> · last sync failed: {r.lastError}</span> : null}
        </li>
      ))}
    </ul>
  );
}
