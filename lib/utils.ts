import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });
const dateTimeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

function formatWith(format: Intl.DateTimeFormat, iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format.format(date);
}

/** "Nov 25, 2026"; an unparsable value is shown as given rather than as "Invalid Date". */
export function formatDate(iso: string): string {
  return formatWith(dateFormat, iso);
}

/** "Nov 25, 2026, 3:41 PM" in the viewer's time zone. */
export function formatDateTime(iso: string): string {
  return formatWith(dateTimeFormat, iso);
}

/**
 * The `?next=` target after sign-in, or null when it could leave the site. Only same-origin paths pass:
 * "//host" and "/\host" are protocol-relative to browsers, so they are refused too.
 */
export function safeNextPath(value: string | string[] | undefined | null): string | null {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return null;
  // Browsers drop tabs and newlines inside URLs, which would turn "/\t/host" into "//host".
  if ([...path].some((c) => c.charCodeAt(0) < 0x20)) return null;
  return path;
}

const byteUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

/** "1.5 GiB": binary units, one decimal under 10. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${byteUnits[unit]}`;
}
