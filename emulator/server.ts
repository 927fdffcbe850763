import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { Emulator } from "./emulator.ts";
import {
  CloudError,
  actionNotFound,
  injectedError,
  internalError,
  invalidVersion,
  missingParameter,
  requestTooLarge,
  serviceUnavailable,
  throttled,
} from "./protocol/errors.ts";
import { newRequestId } from "./protocol/ids.ts";
import { RpcParams, decodePairs } from "./protocol/params.ts";
import { authenticate, detectScheme, type AccessKey, type SignedRequest } from "./protocol/signature.ts";
import { readScenario } from "./scenario/load-scenario.ts";
import type { Scenario } from "./scenario/schema.ts";
import { handleAdmin } from "./admin/routes.ts";
import { requestRegionOf } from "./admin/faults.ts";
import { errorBody, sendJson } from "./protocol/render.ts";
import type { ActionContext, Service } from "./services/types.ts";
import { ecsService } from "./services/ecs/actions.ts";
import { ramService } from "./services/ram/actions.ts";
import { tickRegion } from "./services/hbr/engine.ts";
import { tickInstances } from "./services/ecs/lifecycle.ts";
import { hbrService } from "./services/hbr/index.ts";
import { tickRestores } from "./services/hbr/restore-engine.ts";

export const DEV_ACCESS_KEY_ID = "LTAI5tEmulatorDevKey0001";
export const DEV_ACCESS_KEY_SECRET = "EmulatorDevSecret0000000000000001";
export const DEV_ACCOUNT_ID = "5123456789012345";

export interface EmulatorOptions {
  port?: number;
  host?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  /** extra keys (e.g. a second account) */
  extraAccessKeys?: AccessKey[];
  /** absent: only loopback callers may use the admin API */
  adminToken?: string;
  /** a parsed scenario, or a path to a scenario file; absent = built-in default */
  scenario?: Scenario | string;
  /** state goes to `$dataDir/emulator`; ignored when inMemory */
  dataDir?: string;
  inMemory?: boolean;
  timeScale?: number;
}

export interface RunningEmulator {
  url: string;
  port: number;
  emulator: Emulator;
  stop(): Promise<void>;
}

const SERVICES: Record<string, Service> = { "2014-05-26": ecsService, "2015-05-01": ramService, "2017-09-08": hbrService };
const MAX_BODY = 4 * 1024 * 1024;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const scenario = typeof options.scenario === "object" ? options.scenario : readScenario(options.scenario);
  const accessKeys: AccessKey[] = [
    { accessKeyId: options.accessKeyId ?? DEV_ACCESS_KEY_ID, accessKeySecret: options.accessKeySecret ?? DEV_ACCESS_KEY_SECRET, accountId: DEV_ACCOUNT_ID },
    ...(options.extraAccessKeys ?? []),
  ];
  const emulator = new Emulator({
    accessKeys,
    scenario,
    reloadScenario: () => (typeof options.scenario === "object" ? options.scenario : readScenario(options.scenario)),
    stateDir: options.inMemory || !options.dataDir ? null : path.join(options.dataDir, "emulator"),
    timeScale: options.timeScale ?? 1,
    tickers: [tickRegion, tickRestores, tickInstances],
  });
  // Request lines carry SendFile/RunCommand content (up to 32 KB base64): Node's 16 KiB default would answer 431.
  const server = http.createServer({ maxHeaderSize: 256 * 1024, keepAliveTimeout: 30_000 }, (req, res) => {
    handle(emulator, options.adminToken, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(internalError(), newRequestId(), "emulator", ""));
      console.error("[emulator] unexpected error", error);
    });
  });
  const ticker = setInterval(() => emulator.tickAll(), 500);
  ticker.unref();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    port,
    emulator,
    stop: async () => {
      clearInterval(ticker);
      emulator.tickAll();
      emulator.store.flush();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw requestTooLarge();
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** The pipeline: parse → (faults) → authenticate → dispatch → render. */
async function handle(emulator: Emulator, adminToken: string | undefined, req: http.IncomingMessage, res: http.ServerResponse) {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const pathname = q < 0 ? url : url.slice(0, q);
  if (pathname.startsWith("/__emulator/")) return handleAdmin(emulator, adminToken, req, res, pathname, await readBody(req));

  const requestId = newRequestId();
  const body = await readBody(req);
  const query = decodePairs(q < 0 ? "" : url.slice(q + 1));
  const values = new Map(query);
  const contentType = req.headers["content-type"] ?? "";
  if (body.length > 0 && contentType.startsWith("application/x-www-form-urlencoded"))
    for (const [k, v] of decodePairs(body.toString("utf8"))) values.set(k, v);
  const params = new RpcParams(values);
  const host = req.headers.host ?? "";
  const version = header(req, "x-acs-version") ?? params.get("Version");
  const service = version ? SERVICES[version] : undefined;
  let hostId = service ? `${service.endpointPrefix}.aliyuncs.com` : host;
  const product = service?.product ?? "";
  try {
    const signed: SignedRequest = { method: req.method ?? "GET", path: pathname, query, params: values, headers: req.headers, body };
    const kind = detectScheme(signed);
    const action = header(req, "x-acs-action") ?? params.get("Action");
    if (!action) throw missingParameter("Action");
    if (!version) throw missingParameter("Version");
    if (!service) throw invalidVersion(version);
    const handler = Object.hasOwn(service.actions, action) ? service.actions[action] : undefined;
    if (!handler) throw actionNotFound(action);

    const { latencyMs, failure } = emulator.faults.pick(action, (name) => params.get(name), requestRegionOf((name) => params.get(name), req.headers));
    const delay = () => (latencyMs > 0 ? new Promise((r) => setTimeout(r, latencyMs)) : Promise.resolve());
    // A failure is decided before the action runs (nothing happens); latency alone delays only the answer, so
    // a client that gives up waiting leaves behind what the action did, as a slow cloud does.
    if (failure) await delay();
    if (failure?.kind === "reset") return void req.socket.destroy();
    if (failure?.kind === "throttle") throw throttled(failure.retryAfterMs ?? 100);
    if (failure?.kind === "error5xx") throw serviceUnavailable();
    if (failure?.kind === "error") throw injectedError(failure.status, failure.code, failure.message);

    const key = authenticate(signed, kind, emulator.keys, emulator.nonces, Date.now());
    const account = emulator.account(key.accountId);
    const ctx: ActionContext = { params, account, headers: req.headers, emulator, now: emulator.clock.now() };
    try {
      const result = handler(ctx);
      if (!failure) await delay();
      sendJson(res, 200, { RequestId: requestId, ...result }, requestId);
    } finally {
      if (ctx.regionId) hostId = `${service.endpointPrefix}.${ctx.regionId}.aliyuncs.com`;
    }
  } catch (error) {
    if (!(error instanceof CloudError)) throw error;
    sendJson(res, error.status, errorBody(error, requestId, hostId, product), requestId, error.headers);
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
