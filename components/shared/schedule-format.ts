import { retentionDays, type Interval, type Retention } from "@/lib/schemas/plan";

/** "1 ECS instance", "3 ECS instances". */
export const instancesText = (n: number) => `${n} ECS ${n === 1 ? "instance" : "instances"}`;

const singular = (unit: string, value: number) => (value === 1 ? unit.replace(/s$/, "") : unit);

/** "2 weeks (14 days)"; days alone are not repeated. */
export function formatRetention(r: Retention): string {
  const text = `${r.value} ${singular(r.unit, r.value)}`;
  if (r.unit === "days") return text;
  const days = retentionDays(r);
  return `${text} (${days.toLocaleString("en-US")} days)`;
}

/** "Every 6 hours". */
export function formatInterval(i: Interval): string {
  return `Every ${i.value === 1 ? "" : `${i.value} `}${singular(i.unit, i.value)}`;
}

// dateStyle/timeStyle cannot be combined with timeZoneName, so the fields are spelled out.
const runTimeFormat = new Intl.DateTimeFormat("en", {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  second: "2-digit",
  timeZoneName: "short",
});

/** A date and time to the second in the viewer's time zone, with the zone named. */
export function formatInstant(date: Date | string): string {
  const d = typeof date === "string" ? new Date(date) : date;
  return Number.isNaN(d.getTime()) ? String(date) : runTimeFormat.format(d);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** UTC ISO string → the value of an <input type="datetime-local" step="1"> in the viewer's zone. */
export function toLocalInputValue(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The datetime-local value (viewer's zone) → UTC ISO string to the second; "" when incomplete. */
export function fromLocalInputValue(value: string): string {
  if (!value) return "";
  // Browsers omit ":00" seconds; parse as local time either way.
  const d = new Date(value.length === 16 ? `${value}:00` : value);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Tomorrow 02:00 local time, as UTC ISO: a quiet default for a first run. */
export function defaultStartTime(now: Date = new Date()): string {
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  d.setHours(2, 0, 0, 0);
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
