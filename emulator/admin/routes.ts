import type http from "node:http";
import { z } from "zod";
import type { Emulator } from "../emulator.ts";
import { sendJson } from "../protocol/render.ts";
import { BulkSeedError, bulkSeed, bulkSeedSchema } from "./bulk-seed.ts";
import { backupFailureSchema } from "./backup-failures.ts";
import { faultSchema } from "./faults.ts";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const advanceSchema = z.object({ seconds: z.number().positive().max(100 * 365 * 86400) });
const forgetRamSchema = z.object({ roleNames: z.array(z.string()).default([]), policyNames: z.array(z.string()).default([]) });

/**
 * `/__emulator/*`: test and demo controls. Guarded by `x-emulator-admin-token` when EMULATOR_ADMIN_TOKEN is
 * set, otherwise open to loopback callers only.
 */
export function handleAdmin(emulator: Emulator, token: string | undefined, req: http.IncomingMessage, res: http.ServerResponse, pathname: string, body: Buffer) {
  const allowed = token ? req.headers["x-emulator-admin-token"] === token : LOOPBACK.has(req.socket.remoteAddress ?? "");
  if (!allowed) return sendJson(res, 403, { error: "Forbidden", message: "missing or wrong x-emulator-admin-token" });
  const route = `${req.method} ${pathname.slice("/__emulator/".length)}`;
  let json: unknown = {};
  if (body.length) {
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      return sendJson(res, 400, { error: "BadRequest", message: "body is not JSON" });
    }
  }
  switch (route) {
    case "POST reset":
      try {
        emulator.reset();
      } catch (error) {
        return sendJson(res, 400, { error: "BadScenario", message: (error as Error).message });
      }
      return sendJson(res, 200, { ok: true });
    case "GET state":
      emulator.tickAll();
      return sendJson(res, 200, {
        now: emulator.clock.now(),
        clockOffsetMs: emulator.clock.offset,
        faults: emulator.faults.all(),
        accounts: [...emulator.store.accounts.values()].map((a) => ({
          accountId: a.accountId,
          roles: [...a.roles.values()],
          ramPolicies: [...a.ramPolicies.values()],
          regions: [...a.regions.values()].map((r) => {
            const data = r.toJSON();
            // 5,000 generated instances would swamp the dump: keep counts for big regions
            return r.instances.size > 200 ? { ...data, instances: undefined, instanceCount: r.instances.size } : data;
          }),
        })),
      });
    case "GET regions":
      return sendJson(res, 200, {
        regions: [...emulator.account([...emulator.keys.values()][0]!.accountId).regions.values()].map((r) => ({ ...r.region, instanceCount: r.instances.size })),
      });
    case "GET clock":
      return sendJson(res, 200, { now: emulator.clock.now(), clockOffsetMs: emulator.clock.offset });
    case "POST clock/advance": {
      const parsed = advanceSchema.safeParse(json);
      if (!parsed.success) return sendJson(res, 400, { error: "BadRequest", message: z.prettifyError(parsed.error) });
      emulator.clock.advance(parsed.data.seconds);
      emulator.tickAll();
      for (const accountId of emulator.store.accounts.keys()) emulator.store.touch(accountId, "meta");
      return sendJson(res, 200, { now: emulator.clock.now(), clockOffsetMs: emulator.clock.offset });
    }
    case "POST faults": {
      const parsed = faultSchema.safeParse(json);
      if (!parsed.success) return sendJson(res, 400, { error: "BadRequest", message: z.prettifyError(parsed.error) });
      emulator.faults.add(parsed.data);
      return sendJson(res, 200, { faults: emulator.faults.all() });
    }
    case "POST seed/bulk": {
      const parsed = bulkSeedSchema.safeParse(json);
      if (!parsed.success) return sendJson(res, 400, { error: "BadRequest", message: z.prettifyError(parsed.error) });
      try {
        return sendJson(res, 200, bulkSeed(emulator, emulator.account([...emulator.keys.values()][0]!.accountId), parsed.data));
      } catch (error) {
        if (error instanceof BulkSeedError) return sendJson(res, 409, { error: "Conflict", message: error.message });
        throw error;
      }
    }
    case "POST ram/forget": {
      // Test control: the account as if these RAM roles and custom policies had never been made (instances that
      // held a forgotten role hold none), so a fix can be shown creating them from nothing.
      const parsed = forgetRamSchema.safeParse(json);
      if (!parsed.success) return sendJson(res, 400, { error: "BadRequest", message: z.prettifyError(parsed.error) });
      const account = emulator.account([...emulator.keys.values()][0]!.accountId);
      const roles = new Set(parsed.data.roleNames.map((n) => n.toLowerCase()));
      for (const [key, role] of account.roles) if (roles.has(role.roleName.toLowerCase())) account.roles.delete(key);
      for (const name of parsed.data.policyNames) account.ramPolicies.delete(name);
      for (const role of account.roles.values()) role.policies = role.policies.filter((p) => p.policyType !== "Custom" || !parsed.data.policyNames.includes(p.policyName));
      let detached = 0;
      for (const [regionId, region] of account.regions) {
        let changed = false;
        for (const instance of region.instances.values()) {
          if (instance.ramRoleName && roles.has(instance.ramRoleName.toLowerCase())) {
            instance.ramRoleName = null;
            detached++;
            changed = true;
          }
        }
        if (changed) emulator.store.touch(account.accountId, `region:${regionId}`);
      }
      emulator.store.touch(account.accountId, "ram");
      return sendJson(res, 200, { roles: [...account.roles.keys()], policies: [...account.ramPolicies.keys()], detached });
    }
    case "POST backup-failures": {
      // The next matching backup jobs end FAILED with this ErrorMessage (as DescribeBackupJobs2 reports a failure).
      const parsed = backupFailureSchema.safeParse(json);
      if (!parsed.success) return sendJson(res, 400, { error: "BadRequest", message: z.prettifyError(parsed.error) });
      emulator.backupFailures.add(parsed.data);
      return sendJson(res, 200, { backupFailures: emulator.backupFailures.all() });
    }
    case "GET backup-failures":
      return sendJson(res, 200, { backupFailures: emulator.backupFailures.all() });
    case "DELETE backup-failures":
      emulator.backupFailures.clear();
      return sendJson(res, 200, { backupFailures: [] });
    case "GET faults":
      // Each fault counts its hits: a latency fault at rate 1 counts every call made while it is set.
      return sendJson(res, 200, { faults: emulator.faults.all() });
    case "DELETE faults":
      emulator.faults.clear();
      return sendJson(res, 200, { faults: [] });
    default:
      return sendJson(res, 404, { error: "NotFound", message: `no admin route ${route}` });
  }
}
