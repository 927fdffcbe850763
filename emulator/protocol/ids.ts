import { createHash, randomBytes, randomUUID } from "node:crypto";

const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Cloud-shaped id: `prefix` + 17-20 lowercase alphanumerics (HBR ids carry a `000` infix, as in the SDK examples). */
export function newId(prefix: string, length = 20): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return `${prefix}${out}`;
}

export const newHbrId = (prefix: string) => newId(`${prefix}-000`, 17);

/** Like newId, but the same `key` always gives the same id: bulk seeds are reproducible run after run. */
export function derivedId(prefix: string, key: string, length = 20): string {
  const bytes = createHash("sha256").update(key).digest();
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return `${prefix}${out}`;
}

export const derivedHbrId = (prefix: string, key: string) => derivedId(`${prefix}-000`, key, 17);

export const newRequestId = () => randomUUID().toUpperCase();

/** ECS dates: `2017-12-10T04:04Z` for instances, seconds for the rest. */
export const isoMinute = (ms: number) => new Date(ms).toISOString().slice(0, 16) + "Z";
export const isoSecond = (ms: number) => new Date(ms).toISOString().slice(0, 19) + "Z";
export const unixSeconds = (ms: number) => Math.floor(ms / 1000);
