/** A failure the emulator answers with Alibaba's error envelope `{ RequestId, HostId, Code, Message, Recommend }`. */
export class CloudError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const missingParameter = (name: string) =>
  new CloudError(400, "MissingParameter", `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);

export const invalidParameter = (name: string, detail?: string) =>
  new CloudError(400, "InvalidParameter", `The specified parameter "${name}" is not valid.${detail ? ` ${detail}` : ""}`);

export const productOfCode: Record<string, string> = { "2014-05-26": "Ecs", "2015-05-01": "Ram", "2017-09-08": "hbr" };

// ---- the gateway: routing, signatures, faults ----

export const invalidVersion = (version: string) => new CloudError(400, "InvalidVersion", `Specified parameter Version "${version}" is not valid.`);

export const actionNotFound = (action: string) =>
  new CloudError(404, "InvalidAction.NotFound", `Specified api "${action}" is not found, please check your url and method.`);

export const requestTooLarge = () => new CloudError(413, "RequestEntityTooLarge", "The request body is too large.");

export const internalError = () => new CloudError(500, "InternalError", "The request processing has failed due to some unknown error.");

export const incompleteSignature = () => new CloudError(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.");

export const signatureDoesNotMatch = (detail: string) =>
  new CloudError(400, "SignatureDoesNotMatch", `Specified signature is not matched with our calculation. server string to sign is:${detail}`);

export const timestampNotFormatted = () => new CloudError(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");

export const timestampExpired = () => new CloudError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");

export const accessKeyNotFound = () => new CloudError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");

export const signatureNonceUsed = () => new CloudError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");

export const throttled = (retryAfterMs: number) =>
  new CloudError(400, "Throttling.User", "Request was denied due to user flow control.", { "x-acs-retry-after": String(retryAfterMs) });

export const serviceUnavailable = () => new CloudError(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.");

/** A permanent cloud error injected through `POST /__emulator/faults` (`kind: "error"`). */
export const injectedError = (status = 400, code = "InvalidParameter", message = "The request was refused (injected fault).") => new CloudError(status, code, message);
