import { invalidParameter } from "../protocol/errors.ts";
import type { RpcParams } from "../protocol/params.ts";

/** NextToken is an opaque cursor; here it is the offset, base64url-encoded. */
const encodeToken = (offset: number) => Buffer.from(`offset:${offset}`).toString("base64url");

function decodeToken(token: string): number {
  const text = Buffer.from(token, "base64url").toString();
  const m = /^offset:(\d+)$/.exec(text);
  if (!m) throw invalidParameter("NextToken", "The token is invalid or expired.");
  return Number(m[1]);
}

export interface Page<T> {
  items: T[];
  fields: Record<string, unknown>;
}

/**
 * ECS paging: PageNumber/PageSize ("P"), or NextToken/MaxResults ("T") when either of those is present.
 */
export function paginate<T>(
  params: RpcParams,
  all: T[],
  options: { pageSizeMax?: number; pageSizeDefault?: number; maxResultsMax?: number; maxResultsMin?: number; tokenOnly?: boolean } = {},
): Page<T> {
  const tokenMode = options.tokenOnly || params.get("NextToken") !== undefined || params.get("MaxResults") !== undefined;
  if (tokenMode) {
    const max = params.int("MaxResults", { min: options.maxResultsMin ?? 1, max: options.maxResultsMax ?? 100, fallback: options.pageSizeDefault ?? 10 })!;
    const token = params.get("NextToken");
    const offset = token ? decodeToken(token) : 0;
    const items = all.slice(offset, offset + max);
    const next = offset + max < all.length ? encodeToken(offset + max) : "";
    return { items, fields: { NextToken: next, MaxResults: max, TotalCount: all.length } };
  }
  const pageNumber = params.int("PageNumber", { min: 1, fallback: 1 })!;
  const pageSize = params.int("PageSize", { min: 1, max: options.pageSizeMax ?? 100, fallback: options.pageSizeDefault ?? 10 })!;
  const start = (pageNumber - 1) * pageSize;
  return { items: all.slice(start, start + pageSize), fields: { TotalCount: all.length, PageNumber: pageNumber, PageSize: pageSize } };
}

/** HBR's V2 lists: NextToken/MaxResults only (10–100, default 10). */
export function paginateByToken<T>(params: RpcParams, all: T[]): Page<T> {
  return paginate(params, all, { tokenOnly: true, maxResultsMin: 10, maxResultsMax: 100, pageSizeDefault: 10 });
}

export const tagList = (tags: Record<string, string>) => ({ Tag: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) });

export function matchesTags(tags: Record<string, string>, wanted: { key: string; value: string }[]): boolean {
  return wanted.every((t) => t.key in tags && (t.value === "" || tags[t.key] === t.value));
}

/** `*`-wildcard pattern (InstanceName filters, RAM policy actions) as a whole-string RegExp. */
export function wildcardRegExp(pattern: string, flags = ""): RegExp {
  return new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, flags);
}
