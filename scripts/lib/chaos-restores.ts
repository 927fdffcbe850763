// npm run chaos -- --restores [--count=N]: N restores (new instances) and N restore drills at once, through the
// production web server as the admin, while the emulator fails 30 % of calls (throttling, 503, dropped
// connections) and answers CreateRestoreJob later than the worker's timeout, and the worker is killed (-9) and
// restarted twice. Then every restore and drill must be in a final state, ECS must hold exactly one instance per
// restore, and no drill instance may be left behind.
import { defaultPlanInput } from "@/lib/schemas/plan";
import { $Ecs } from "@/lib/server/cloud/clients";
import { isFinalRestoreStatus, type CreateRestoreInput, type RestoreStatus } from "@/lib/schemas/restore";
import { chaosScenario } from "./chaos-hbr";
import { say, sleep, startChaosStack, type ChaosStack } from "./chaos-stack";

const WORKER_TIMEOUT_MS = 1000;
const LATE_MS = WORKER_TIMEOUT_MS + 1500;
const REGION = "ap-southeast-1";
const FINAL_DRILL = new Set(["passed", "failed"]);

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Resends like a browser until an answer that is not a 5xx. */
async function send<T>(s: ChaosStack, method: string, p: string, body: unknown): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const res = await s.api(method, p, body).catch((err: Error) => err);
    if (!(res instanceof Error) && res.status < 500) return json<T>(res, `${method} ${p}`);
    if (attempt >= 30) throw new Error(`${method} ${p}: ${res instanceof Error ? res.message : res.status}`);
    await sleep(200 + Math.random() * 300);
  }
}

/** `npm run chaos -- --restores [--count=N]`: see the header. */
export async function restoreChaos(count: number): Promise<void> {
  /** Generated instances without Cloud Assistant (every 7th) cannot be probed: skip them. */
  const instanceIds = Array.from({ length: count * 2 }, (_, i) => i)
    .filter((i) => i % 7 !== 0)
    .slice(0, count)
    .map((i) => `i-${REGION.replace(/[^a-z0-9]/g, "").slice(0, 6)}gen${String(i + 1).padStart(5, "0")}`);

  const stack = await startChaosStack({ scenario: chaosScenario({ [REGION]: count * 2 }), workerTimeoutMs: WORKER_TIMEOUT_MS, timeScale: 100 });
  const { db, cloud, emulatorAdmin } = stack;

  try {
    stack.startWorker();
    // One Manual Backup plan per instance, each backed up once, before any fault.
    const planIds: string[] = [];
    for (const [i, instanceId] of instanceIds.entries()) {
      const input = defaultPlanInput(REGION);
      input.name = `chaos-restore-${i}`;
      input.backupObjects.instances = [{ instanceId, protectAllDisks: true, diskIds: [] }];
      planIds.push((await send<{ id: string }>(stack, "POST", "/api/plans", input)).id);
    }
    const waitUntil = async (what: string, done: () => Promise<boolean>, limitMs = 300_000) => {
      const deadline = performance.now() + limitMs;
      while (!(await done())) {
        if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await sleep(500);
      }
    };
    await waitUntil("plans Active", async () => (await db.plan.count({ where: { id: { in: planIds }, status: "active" } })) === planIds.length);
    for (const planId of planIds) await send(stack, "POST", `/api/plans/${planId}/actions`, { kind: "runNow" });
    await waitUntil("one backup point per plan", async () => (await db.backupJob.groupBy({ by: ["planId"], where: { planId: { in: planIds }, hbrSnapshotId: { not: null } } })).length === planIds.length);
    const points = await db.backupJob.findMany({ where: { planId: { in: planIds }, hbrSnapshotId: { not: null } }, orderBy: { cloudCreatedAt: "desc" } });
    const pointOf = new Map(points.map((p) => [p.instanceId, p.id]));
    say(`${planIds.length} plans Active with a backup point each`);

    for (const kind of ["throttle", "error5xx", "reset"]) await emulatorAdmin("faults", "POST", { kind, rate: 0.1 });
    await emulatorAdmin("faults", "POST", { action: "CreateRestoreJob", kind: "latency", latencyMs: LATE_MS, rate: 0.25 });
    const started = performance.now();

    const instances = await cloud.ecs(REGION).describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify(instanceIds), pageSize: 100 }));
    const zoneOf = new Map((instances.body?.instances?.instance ?? []).map((i) => [i.instanceId!, i.zoneId!]));
    const compact = (id: string) => id.replace(/[^a-z0-9]/g, "");
    const restoreIds: string[] = [];
    const drillPlans: string[] = [];
    await Promise.all([
      ...instanceIds.map(async (instanceId, i) => {
        const zoneId = zoneOf.get(instanceId)!;
        const body: CreateRestoreInput = {
          kind: "newInstance", backupJobId: pointOf.get(instanceId)!, restoreRegionId: REGION, zoneId, instanceType: "ecs.g7.large",
          vSwitchId: `vsw-${compact(zoneId)}demo`, securityGroupId: `sg-${compact(REGION)}demo`, instanceName: `chaos-restored-${i}`, hostName: `chaos-restored-${i}`,
        };
        restoreIds.push((await send<{ id: string }>(stack, "POST", "/api/restores", body)).id);
      }),
      ...planIds.map(async (planId) => {
        await send(stack, "POST", `/api/plans/${planId}/drills`, {});
        drillPlans.push(planId);
      }),
    ]);
    say(`${restoreIds.length} restores and ${drillPlans.length} drills accepted in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const restoreStatuses = async () => (await db.restore.findMany({ where: { id: { in: restoreIds } }, select: { status: true } })).map((r) => r.status as RestoreStatus);
    const drillStatuses = async () => (await db.drillRun.findMany({ where: { planId: { in: drillPlans } }, select: { status: true } })).map((r) => r.status);
    const finalCount = async () => (await restoreStatuses()).filter(isFinalRestoreStatus).length + (await drillStatuses()).filter((s) => FINAL_DRILL.has(s)).length;
    const total = restoreIds.length + drillPlans.length;
    let workersKilled = 0;
    for (const share of [1 / 3, 2 / 3]) {
      const deadline = performance.now() + 120_000;
      while ((await finalCount()) < Math.ceil(total * share) && performance.now() < deadline) await sleep(200);
      stack.killWorker();
      workersKilled++;
      say(`worker killed at ${((performance.now() - started) / 1000).toFixed(1)} s with ${await finalCount()} of ${total} final, restarting`);
    }
    const faultsUntil = performance.now() + 180_000;
    while ((await finalCount()) < total && performance.now() < faultsUntil) await sleep(500);
    const { faults } = await emulatorAdmin<{ faults: { kind: string; hits: number }[] }>("faults", "GET");
    const errors = faults.filter((f) => f.kind !== "latency").reduce((n, f) => n + f.hits, 0);
    const timeouts = faults.filter((f) => f.kind === "latency").reduce((n, f) => n + f.hits, 0);
    await emulatorAdmin("faults", "DELETE");
    const faultsStopped = performance.now();
    while ((await finalCount()) < total && performance.now() - faultsStopped < 180_000) await sleep(500);
    // Let the drill sweeper run once after everything settled.
    await sleep(15_000);

    const tally = (list: string[]) => list.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
    const restores = await restoreStatuses();
    const drills = await drillStatuses();
    const all = await db.restore.findMany({ where: { id: { in: restoreIds } }, select: { lastError: true, status: true } });
    const failed = all.find((r) => r.status === "failed");
    if (failed) say(`first failed restore: ${JSON.stringify(failed.lastError)}`);

    // ECS census: one instance per restore name; no instance left from a drill.
    const names: string[] = [];
    for (let page = 1; ; page++) {
      const res = await cloud.ecs(REGION).describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: REGION, pageNumber: page, pageSize: 100 }));
      const list = res.body?.instances?.instance ?? [];
      names.push(...list.map((i) => i.instanceName ?? ""));
      if (page * 100 >= (res.body?.totalCount ?? 0)) break;
    }
    const restoredNames = names.filter((n) => n.startsWith("chaos-restored-"));
    const duplicates = restoredNames.length - new Set(restoredNames).size;
    const orphans = names.filter((n) => n.startsWith("hbr-drill-")).length;
    const final = restores.filter(isFinalRestoreStatus).length + drills.filter((s) => FINAL_DRILL.has(s)).length;
    say(`restores ${JSON.stringify(tally(restores))}; drills ${JSON.stringify(tally(drills))}; ${restoredNames.length} restored instances in ECS`);
    console.log(
      `chaos restores: ${restoreIds.length} restores + ${drillPlans.length} drills, faults: ${errors} errors + ${timeouts} timeouts, workers killed: ${workersKilled}, final: ${final}/${total}, duplicate instances: ${duplicates}, orphaned drill instances: ${orphans}`,
    );
  } finally {
    await stack.stop();
  }
}
