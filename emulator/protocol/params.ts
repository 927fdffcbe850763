import { CloudError, invalidParameter, missingParameter } from "./errors.ts";

type Tree = { [key: string]: Tree | string };

/** The flat RPC parameter set: query string and form body merged, as an RPC server sees them. */
export class RpcParams {
  constructor(readonly values: Map<string, string>) {}

  get(name: string): string | undefined {
    const value = this.values.get(name);
    return value === undefined || value === "" ? undefined : value;
  }

  required(name: string): string {
    const value = this.get(name);
    if (value === undefined) throw missingParameter(name);
    return value;
  }

  int(name: string, options: { min?: number; max?: number; fallback?: number } = {}): number | undefined {
    const raw = this.get(name);
    if (raw === undefined) return options.fallback;
    if (!/^-?\d+$/.test(raw)) throw invalidParameter(name, "It must be an integer.");
    const value = Number(raw);
    if ((options.min !== undefined && value < options.min) || (options.max !== undefined && value > options.max))
      throw invalidParameter(name, `It must be between ${options.min ?? "-∞"} and ${options.max ?? "∞"}.`);
    return value;
  }

  bool(name: string): boolean | undefined {
    const raw = this.get(name);
    if (raw === undefined) return undefined;
    if (raw === "true" || raw === "True") return true;
    if (raw === "false" || raw === "False") return false;
    throw invalidParameter(name, "It must be true or false.");
  }

  /** A parameter the API defines as a JSON string (`InstanceIds=["i-a"]`, `Rules=[…]`). */
  json(name: string, error: (detail: string) => CloudError = (d) => invalidParameter(name, d)): unknown {
    const raw = this.get(name);
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw);
    } catch {
      throw error("It is not valid JSON.");
    }
  }

  jsonStringArray(name: string): string[] | undefined {
    const value = this.json(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw invalidParameter(name, "It must be a JSON array of strings.");
    return value as string[];
  }

  /** RepeatList: `InstanceId.1=i-a&InstanceId.2=i-b` (or a single `InstanceId=i-a`). */
  list(prefix: string): string[] {
    const out: [number, string][] = [];
    for (const [key, value] of this.values) {
      if (key.startsWith(prefix + ".")) {
        const index = key.slice(prefix.length + 1);
        if (/^\d+$/.test(index)) out.push([Number(index), value]);
      }
    }
    if (out.length === 0) {
      const single = this.get(prefix);
      return single === undefined ? [] : [single];
    }
    return out.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  }

  /** Flattened objects: `Tag.1.Key=k&Tag.1.Value=v`, `Filters.1.Values.1=x` → `[{Key:"k",Value:"v"}]`. */
  objects(prefix: string): Record<string, unknown>[] {
    const root: Tree = {};
    for (const [key, value] of this.values) {
      if (!key.startsWith(prefix + ".")) continue;
      const path = key.slice(prefix.length + 1).split(".");
      let node = root;
      path.forEach((segment, i) => {
        if (i === path.length - 1) node[segment] = value;
        else node = (typeof node[segment] === "object" ? node[segment] : (node[segment] = {})) as Tree;
      });
    }
    const result = toArrays(root);
    return Array.isArray(result) ? (result.filter((v) => v && typeof v === "object") as Record<string, unknown>[]) : [];
  }

  /** Tags in either request shape: `Tag.N.Key/Value` or the RAM/SDK "shrink" JSON `Tag=[{"Key":..}]`. */
  tags(prefix = "Tag"): { key: string; value: string }[] {
    return this.objects(prefix).map((t) => ({ key: String(t.Key ?? ""), value: String(t.Value ?? "") })).filter((t) => t.key);
  }
}

function toArrays(node: Tree | string): unknown {
  if (typeof node === "string") return node;
  const keys = Object.keys(node);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k)))
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => toArrays(node[k]!));
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = toArrays(node[k]!);
  return out;
}

/** Decodes `a=1&b=2` (query or `application/x-www-form-urlencoded` body) into ordered pairs. */
export function decodePairs(text: string): [string, string][] {
  if (!text) return [];
  return [...new URLSearchParams(text)];
}
