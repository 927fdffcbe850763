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

/** HBR reports parameter problems with its generic `BadRequest` rather than the gateway codes. */
export const hbrBadRequest = (detail: string) => new CloudError(400, "BadRequest", detail);

export const notFound = (code: string, message: string) => new CloudError(404, code, message);

export const productOfCode: Record<string, string> = { "2014-05-26": "Ecs", "2015-05-01": "Ram", "2017-09-08": "hbr" };
