import type { BackupOutcome } from "@/components/dashboard/format";

/**
 * Okabe–Ito hues (blue / orange stay apart under every common colour-vision deficiency), darkened so each has at
 * least 3:1 against the white plot area; the stack order keeps the two darkest, Application and Failed, apart.
 */
export const backupOutcomeColors: Record<BackupOutcome, string> = {
  APPLICATION: "#0B4F8A",
  FILE_SYSTEM: "#3D8FD1",
  CRASH: "#B86200",
  FAILED: "#8C1D40",
};

export const rpoBreachColor = "#B3261E";

/** Axes, grid and margins the two charts share, in the console's slate text colours. */
export const chartFrame = {
  margin: { top: 8, right: 8, bottom: 0, left: -16 },
  tick: { fill: "#475569", fontSize: 12 },
  gridStroke: "#e2e8f0",
} as const;
