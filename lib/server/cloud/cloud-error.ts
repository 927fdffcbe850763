import "server-only";

export type CloudProduct = "ecs" | "ram" | "hbr";
export type CloudErrorKind = "throttled" | "server" | "network" | "timeout" | "client" | "not_found" | "business";

/**
 * A failed cloud call, with the cloud's own code, HTTP status and RequestId kept, and a message an admin
 * can act on. `retryable` is true only for throttling, 5xx and network trouble.
 */
// Next bundles server modules once per layer (route handlers, server components), and the cloud clients are a
// process-wide singleton: an error made by one layer's copy of this class is not `instanceof` another's. The
// brand, a registered symbol, is the same everywhere.
const BRAND = Symbol.for("hbr-console.CloudError");

export function isCloudError(err: unknown): err is CloudError {
  return typeof err === "object" && err !== null && (err as Record<symbol, unknown>)[BRAND] === true;
}

export class CloudError extends Error {
  readonly [BRAND] = true;

  constructor(
    readonly product: CloudProduct,
    readonly action: string,
    readonly kind: CloudErrorKind,
    readonly code: string,
    message: string,
    readonly statusCode: number | null,
    readonly requestId: string | null,
    readonly cloudMessage: string,
    opts: { cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "CloudError";
  }

  get retryable(): boolean {
    return this.kind === "throttled" || this.kind === "server" || this.kind === "network" || this.kind === "timeout";
  }

  toJSON() {
    return { product: this.product, action: this.action, kind: this.kind, code: this.code, message: this.message, statusCode: this.statusCode, requestId: this.requestId };
  }
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_SOCKET"]);

/** Product-level wording for the codes an admin meets; the cloud's own text follows it. */
const PRODUCT_MESSAGES: [RegExp, (action: string) => string][] = [
  [/^Forbidden\.RAM$|^NoPermission$/, (a) => `The console's AccessKey lacks the RAM permission for ${a}. Grant it to the RAM user whose AccessKey the console uses.`],
  [/^InvalidAccessKeyId\./, () => "The console's AccessKey is not known to Alibaba Cloud. Check the configured credentials."],
  [/^SignatureDoesNotMatch$/, () => "Alibaba Cloud rejected the console's request signature. Check the AccessKey secret."],
  [/^InvalidTimeStamp\./, () => "Alibaba Cloud rejected the request time. Check this machine's clock."],
  [/^Throttling/, (a) => `Alibaba Cloud is throttling ${a}; the console retries with backoff.`],
  [/^ServiceNotActivated$/, () => "Cloud Backup (HBR) is not activated for this account. Activate it in the HBR console first."],
  [/^InvalidRegionId\.NotFound$/, () => "This region is not available to the account."],
];

function productMessage(action: string, code: string, cloudMessage: string): string {
  const match = PRODUCT_MESSAGES.find(([re]) => re.test(code));
  const lead = match ? match[1](action) : `${action} failed`;
  return cloudMessage ? `${lead} (${code}: ${cloudMessage})` : `${lead} (${code})`;
}

interface SdkErrorShape {
  name?: string;
  code?: string | number;
  statusCode?: number;
  requestId?: string;
  message?: string;
  data?: { Code?: string; Message?: string; RequestId?: string };
}

/** Maps whatever an SDK call threw (openapi-core ClientError/ServerError/ThrottlingError, a socket error …). */
export function toCloudError(product: CloudProduct, action: string, err: unknown): CloudError {
  if (isCloudError(err)) return err;
  const e = (err ?? {}) as SdkErrorShape;
  const statusCode = typeof e.statusCode === "number" ? e.statusCode : null;
  const data = e.data && typeof e.data === "object" ? e.data : undefined;
  const rawCode = data?.Code ?? (e.code === undefined || e.code === "undefined" ? undefined : String(e.code));
  const requestId = data?.RequestId ?? e.requestId ?? null;
  const cloudMessage = data?.Message ?? "";

  if (statusCode === null) {
    const code = rawCode ?? e.name ?? "NetworkError";
    const isTimeout = e.name === "RequestTimeoutError" || /timeout/i.test(e.message ?? "") || code === "ETIMEDOUT";
    const isNetwork = NETWORK_CODES.has(code) || /socket hang up|ECONNRESET|ECONNREFUSED|fetch failed/i.test(e.message ?? "");
    if (isTimeout || isNetwork) {
      const what = isTimeout ? "timed out" : `could not reach Alibaba Cloud (${code})`;
      return new CloudError(product, action, isTimeout ? "timeout" : "network", code, `${action} ${what}`, null, null, e.message ?? "", { cause: err });
    }
    // Not an HTTP failure and not the network: a bug or a malformed answer. Not retried.
    return new CloudError(product, action, "client", code, `${action} failed: ${e.message ?? String(err)}`, null, null, e.message ?? "", { cause: err });
  }

  const code = rawCode ?? `HTTP${statusCode}`;
  const kind: CloudErrorKind = code.startsWith("Throttling")
    ? "throttled"
    : statusCode >= 500
      ? "server"
      : statusCode === 404 || code.endsWith(".NotFound") || code.endsWith("NotExist")
        ? "not_found"
        : "client";
  return new CloudError(product, action, kind, code, productMessage(action, code, cloudMessage), statusCode, requestId, cloudMessage, { cause: err });
}

/** A stored `lastError` JSON column (a plan, plan action, cloud step or instance task) read back for the API. */
type CloudErrorJson = { code: string; message: string; requestId: string | null };
export const cloudErrorOf = (value: unknown): CloudErrorJson | null => {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  return { code: String(v.code ?? "Unknown"), message: String(v.message ?? ""), requestId: v.requestId ? String(v.requestId) : null };
};
