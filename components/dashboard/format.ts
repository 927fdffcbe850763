import { consistencyLabels } from "@/lib/schemas/plan";

// The API counts by UTC day ("2026-11-25"); formatting it in the viewer's zone would shift west of UTC by a day.
const dayFormat = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });

/** "Nov 25" for the UTC day "2026-11-25". */
export function formatDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : dayFormat.format(date);
}

const countFormat = new Intl.NumberFormat("en-US");
const axisFormat = new Intl.NumberFormat("en-US", { notation: "compact" });

/** "38,319": counts grow large at 10,000 plans. */
export const formatCount = (n: number) => countFormat.format(n);
/** "45K": axis ticks stay narrow. */
export const formatAxisCount = (n: number) => axisFormat.format(n);

/** "67%" for 0.666…; "—" when nothing finished, so there is no share to give. */
export function formatShare(share: number | null): string {
  return share === null ? "—" : `${Math.round(share * 100)}%`;
}

export const backupOutcomes = ["APPLICATION", "FILE_SYSTEM", "CRASH", "FAILED"] as const;
export type BackupOutcome = (typeof backupOutcomes)[number];

export const backupOutcomeLabels: Record<BackupOutcome, string> = { ...consistencyLabels, FAILED: "Failed" };
