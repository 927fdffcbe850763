import { describe, expect, it } from "vitest";
import { createRestoreSchema } from "@/lib/schemas/restore";
import { $Ecs } from "@/lib/server/cloud/clients";
import { getDb } from "@/lib/server/db/client";
import { createRestore } from "@/lib/server/restores/request-restore";
import { setUpPlanWorld } from "@/lib/server/testing/plan-world";
import { backupPointOf, isRestoreOver, untilRestore } from "@/lib/server/testing/restore-world";

// Many restores at once while the cloud misbehaves (throttling, 5xx, resets, creates answered after the worker's
// timeout) and the worker is killed twice: every restore ends, each with exactly one HBR restore job and one new
// instance, never two.

const TIMEOUT_MS = 1500;
const RESTORES = 20;
const world = setUpPlanWorld({ cloudTimeoutMs: TIMEOUT_MS });
const SG = "ap-southeast-1";

describe("restores under faults and worker restarts", { timeout: 180_000 }, () => {
  it(`${RESTORES} restores at once: all succeed, no duplicate HBR job or instance`, async () => {
    const bj = await backupPointOf(world, SG, "i-t4ndemo000000005");
    const stamp = Date.now();
    const names = Array.from({ length: RESTORES }, (_, i) => `chaos-restore-${stamp}-${i}`);
    // CreateRestoreJob answered after the worker's timeout (the API's own checks never call it).
    await world.kit.admin("faults", "POST", { action: "CreateRestoreJob", kind: "latency", latencyMs: TIMEOUT_MS + 2500, rate: 0.3 });
    const started = performance.now();
    const restores = await Promise.all(
      names.map((instanceName, i) =>
        createRestore(
          { db: getDb(), boss: world.boss, cloud: world.kit.cloud },
          createRestoreSchema.parse({
            kind: "newInstance",
            backupJobId: bj.id,
            restoreRegionId: SG,
            zoneId: `${SG}-${i % 2 ? "a" : "b"}`,
            instanceType: "ecs.g7.large",
            vSwitchId: `vsw-apsoutheast1${i % 2 ? "a" : "b"}demo`,
            securityGroupId: "sg-apsoutheast1demo",
            instanceName,
            hostName: "chaos",
          }),
          { id: world.admin.id, name: "Chaos admin" },
        ),
      ),
    );
    // Errors on every action come on as the worker starts (the API's own checks are not what is tested here).
    for (const kind of ["throttle", "error5xx", "reset"]) await world.kit.admin("faults", "POST", { kind, rate: 0.1 });
    await new Promise((r) => setTimeout(r, 1500));
    await world.restartWorker();
    await new Promise((r) => setTimeout(r, 2500));
    await world.restartWorker();
    const ended = await Promise.all(restores.map((r) => untilRestore(world, r.id, isRestoreOver, { timeoutMs: 150_000 })));
    const { faults } = await world.kit.admin<{ faults: { kind: string; hits: number }[] }>("faults");
    await world.kit.admin("faults", "DELETE");
    const hits = (kind: string) => faults.filter((f) => f.kind === kind).reduce((n, f) => n + f.hits, 0);

    const statuses = ended.map((r) => r.status);
    const jobs = (await world.kit.cloud.hbr(SG).describeRestoreJobs2({ restoreType: "UDM_ECS", pageSize: 99, filters: [{ key: "InstanceId", values: ["i-t4ndemo000000005"] }] })).restoreJobs.restoreJob;
    const instances = (await world.kit.cloud.ecs(SG).describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: SG, pageSize: 100 }))).body?.instances?.instance ?? [];
    const perName = names.map((n) => instances.filter((i) => i.instanceName === n).length);
    console.log(
      `restore chaos: ${RESTORES} restores, faults: ${hits("throttle") + hits("error5xx") + hits("reset")} errors + ${hits("latency")} creates answered after the ${TIMEOUT_MS} ms timeout, ` +
        `workers killed: 2, ended in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(Object.fromEntries(["succeeded", "failed", "canceled"].map((s) => [s, statuses.filter((x) => x === s).length])))}, ` +
        `HBR restore jobs: ${jobs.length}, duplicate instances: ${perName.filter((n) => n > 1).length}`,
    );
    expect(statuses, JSON.stringify(ended.filter((r) => r.status !== "succeeded").map((r) => r.lastError))).toEqual(names.map(() => "succeeded"));
    expect(jobs).toHaveLength(RESTORES);
    expect(new Set(ended.map((r) => r.cloudRestoreJobId)).size).toBe(RESTORES);
    expect(perName).toEqual(names.map(() => 1));
  });
});
