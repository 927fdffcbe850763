import "server-only";
import { isCloudError } from "@/lib/server/cloud/cloud-error";
import { ApiError } from "@/lib/server/http/api-error";

const withRequestId = (message: string, requestId: string | null) => (requestId ? `${message} (RequestId ${requestId})` : message);

/**
 * Runs one step of a Policy Center use case and turns a failed cloud call into the API's answer: HBR refusing
 * the input is a 422 with its code and message, a missing resource a 404, anything else (permissions, throttling
 * that outlived the retries, 5xx, network) a 503 that keeps the cloud's RequestId. Errors that are not cloud
 * errors pass through unchanged.
 */
export async function orCloudError<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!isCloudError(err)) throw err;
    const message = withRequestId(`${what}: ${err.message}`, err.requestId);
    if (err.kind === "not_found") throw new ApiError("NOT_FOUND", message, { cause: err });
    if (err.code === "Policy.NotSupportedInRegion") throw new ApiError("CONFLICT", message, { cause: err });
    if ((err.kind === "client" && err.statusCode === 400) || err.kind === "business") throw new ApiError("VALIDATION_FAILED", message, { cause: err });
    throw new ApiError("UNAVAILABLE", message, { cause: err });
  }
}
