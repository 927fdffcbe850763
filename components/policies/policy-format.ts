import { formatInstant, formatInterval, formatRetention } from "@/components/shared/schedule-format";
import { parseHbrSchedule } from "@/lib/schemas/plan";
import { retentionOfDays } from "@/lib/schemas/policy";

/** "Every 6 hours from Dec 1, 2030, 2:00:00 AM UTC" in the viewer's zone; HBR's own words for what the form cannot express. */
export function formatPolicySchedule(schedule: string | null, fallback: string): string {
  const parsed = schedule ? parseHbrSchedule(schedule) : null;
  return parsed ? `${formatInterval(parsed.interval)} from ${formatInstant(parsed.startTime)}` : fallback;
}

/** "14 days": HBR keeps days, and they are shown as days (see retentionOfDays); a dash when HBR keeps no retention. */
export function formatRetentionDays(days: number | null): string {
  return days === null ? "—" : formatRetention(retentionOfDays(days));
}

