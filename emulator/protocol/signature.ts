import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import {
  accessKeyNotFound,
  incompleteSignature,
  invalidParameter,
  missingParameter,
  signatureDoesNotMatch,
  signatureNonceUsed,
  timestampExpired,
  timestampNotFormatted,
} from "./errors.ts";

/**
 * Signature checks, modelled on Azurite's QueueSharedKeyAuthenticator: rebuild exactly what the SDK signed
 * from what arrived (decoded parameters, the headers it says it signed, the body hash) with the secret of
 * the presented AccessKeyId, and compare in constant time.
 */

export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  accountId: string;
}

export interface SignedRequest {
  method: string;
  path: string;
  query: [string, string][];
  /** every parameter (query + body), for V1 */
  params: Map<string, string>;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const MAX_SKEW_MS = 15 * 60 * 1000;
const V3_PATTERN = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/;
const REQUIRED_SIGNED = ["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"];
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** RFC 3986 percent-encoding as Alibaba's gateway applies it (`*` → `%2A`, `~` kept). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const sortKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function canonicalQueryString(query: [string, string][]): string {
  return query
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort((a, b) => sortKeys(a[0], b[0]) || sortKeys(a[1], b[1]))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

export function buildV3CanonicalRequest(req: SignedRequest, signedHeaders: string[], payloadHash: string): string {
  const headerLines = signedHeaders.map((name) => {
    const raw = req.headers[name];
    const value = Array.isArray(raw) ? raw.map((v) => v.trim()).sort().join(",") : (raw ?? "").trim();
    return `${name}:${value}\n`;
  });
  const uri = req.path.replace(/\+/g, "%20").replace(/\*/g, "%2A").replace(/%7E/g, "~");
  return [req.method, uri, canonicalQueryString(req.query), headerLines.join(""), signedHeaders.join(";"), payloadHash].join("\n");
}

export function signV3(canonicalRequest: string, secret: string): string {
  const stringToSign = `ACS3-HMAC-SHA256\n${createHash("sha256").update(canonicalRequest).digest("hex")}`;
  return createHmac("sha256", secret).update(stringToSign).digest("hex");
}

export function signV1(method: string, params: Map<string, string>, secret: string): string {
  const canonical = [...params]
    .filter(([k]) => k !== "Signature")
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort((a, b) => sortKeys(a[0], b[0]))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const stringToSign = `${method}&${percentEncode("/")}&${percentEncode(canonical)}`;
  return createHmac("sha1", `${secret}&`).update(stringToSign).digest("base64");
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Remembers nonces for 31 minutes (the gateway's window) in one-minute buckets, so memory stays bounded. */
export class NonceCache {
  private buckets = new Map<number, Set<string>>();
  private static readonly WINDOW_MIN = 31;

  /** false when the nonce was already used inside the window */
  record(nonce: string, nowMs: number): boolean {
    const minute = Math.floor(nowMs / 60_000);
    for (const [key, set] of this.buckets) {
      if (key <= minute - NonceCache.WINDOW_MIN) this.buckets.delete(key);
      else if (set.has(nonce)) return false;
    }
    let bucket = this.buckets.get(minute);
    if (!bucket) this.buckets.set(minute, (bucket = new Set()));
    bucket.add(nonce);
    return true;
  }

  clear() {
    this.buckets.clear();
  }
}

export type AuthKind = "v3" | "v1";

/** Which scheme the request uses, or an error for a missing/garbled one. */
export function detectScheme(req: SignedRequest): AuthKind {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    if (!V3_PATTERN.test(auth)) throw incompleteSignature();
    return "v3";
  }
  if (req.params.has("Signature")) return "v1";
  if (req.params.has("AccessKeyId"))
    throw missingParameter("Signature");
  throw incompleteSignature();
}

function checkTimestamp(value: string | undefined, nowMs: number) {
  const m = value ? TIMESTAMP.exec(value) : null;
  if (!m) throw timestampNotFormatted();
  const at = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  if (Number.isNaN(at)) throw timestampNotFormatted();
  if (Math.abs(at - nowMs) > MAX_SKEW_MS) throw timestampExpired();
}

/**
 * Verifies the request and returns the AccessKey it was signed with. Check order follows the gateway:
 * timestamp → key → body hash → signature → nonce (the nonce is recorded only for an authentic request).
 */
export function authenticate(req: SignedRequest, kind: AuthKind, keys: Map<string, AccessKey>, nonces: NonceCache, nowMs: number): AccessKey {
  if (kind === "v3") {
    const [, keyId, signedList, signature] = V3_PATTERN.exec(req.headers.authorization!)!;
    const signedHeaders = signedList!.split(";");
    if (REQUIRED_SIGNED.some((h) => !signedHeaders.includes(h))) throw incompleteSignature();
    checkTimestamp(header(req, "x-acs-date"), nowMs);
    const key = keys.get(keyId!);
    if (!key) throw accessKeyNotFound();
    const payloadHash = req.body.length === 0 ? EMPTY_SHA256 : createHash("sha256").update(req.body).digest("hex");
    if (header(req, "x-acs-content-sha256") !== payloadHash) throw signatureDoesNotMatch(" (x-acs-content-sha256 does not match the body)");
    const canonical = buildV3CanonicalRequest(req, signedHeaders, payloadHash);
    if (!safeEqual(signV3(canonical, key.accessKeySecret), signature!)) throw signatureDoesNotMatch(`\n${canonical}`);
    if (!nonces.record(header(req, "x-acs-signature-nonce")!, nowMs)) throw signatureNonceUsed();
    return key;
  }
  checkTimestamp(req.params.get("Timestamp"), nowMs);
  const key = keys.get(req.params.get("AccessKeyId") ?? "");
  if (!key) throw accessKeyNotFound();
  const method = req.params.get("SignatureMethod");
  if (method !== undefined && method !== "HMAC-SHA1")
    throw invalidParameter("SignatureMethod");
  if (!safeEqual(signV1(req.method, req.params, key.accessKeySecret), req.params.get("Signature") ?? "")) throw signatureDoesNotMatch("");
  const nonce = req.params.get("SignatureNonce");
  if (!nonce) throw missingParameter("SignatureNonce");
  if (!nonces.record(nonce, nowMs)) throw signatureNonceUsed();
  return key;
}

function header(req: SignedRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
