import type http from "node:http";
import type { CloudError } from "./errors.ts";

export function errorBody(error: CloudError, requestId: string, hostId: string, product: string) {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${product}&requestId=${requestId}`,
  };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, requestId?: string, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json;charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...(requestId ? { "x-acs-request-id": requestId } : {}),
    ...headers,
  });
  res.end(text);
}

