import { defaultPlanInput } from "@/lib/schemas/plan";
import type { CreateRestoreInput, Restore } from "@/lib/schemas/restore";
import type { DrillRun } from "@/lib/schemas/drill";
import { chaosScenario } from "../lib/chaos-hbr";
import { sleep, startChaosStack, type ChaosStack } from "../lib/chaos-stack";

const TIME_SCALE = 20;
const RUNS = 3;
const REGION = "ap-southeast-1";
const INSTANCE = "i-apsoutgen00002";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function call<T>(stack: ChaosStack, method: string, p: string, body?: unknown): Promise<T> {
  const res = await stack.api(method, p, body);
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function until<T>(what: string, poll: () => Promise<T | null>, limitMs = 300_000): Promise<T> {
  const deadline = performance.now() + limitMs;
  for (;;) {
    const value = await poll();
    if (value !== null) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * As users get it (next start + worker processes + the emulator at EMULATOR_TIME_SCALE=20): the time from the 202
 * of POST /api/restores to the restore Succeeded with its new instance Running, and a restore drill's recorded RTO
 * (request → probe success), each the median of 3, next to what the emulator's own clock makes the floor.
 */
export async function benchRestore(): Promise<void> {
  const stack = await startChaosStack({ scenario: chaosScenario({ [REGION]: 4 }), workerTimeoutMs: 5_000, timeScale: TIME_SCALE });
  try {
    stack.startWorker();
    const input = defaultPlanInput(REGION);
    input.name = "bench-restore";
    input.backupObjects.instances = [{ instanceId: INSTANCE, protectAllDisks: true, diskIds: [] }];
    const plan = await call<{ id: string }>(stack, "POST", "/api/plans", input);
    await until("the plan Active", async () => ((await stack.db.plan.findUnique({ where: { id: plan.id } }))?.status === "active" ? true : null));
    await call(stack, "POST", `/api/plans/${plan.id}/actions`, { kind: "runNow" });
    const point = await until("a backup point", () => stack.db.backupJob.findFirst({ where: { planId: plan.id, hbrSnapshotId: { not: null } } }));
    const zoneId = "ap-southeast-1-b";

    const restoreS: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const body: CreateRestoreInput = {
        kind: "newInstance", backupJobId: point.id, restoreRegionId: REGION, zoneId, instanceType: "ecs.g7.large", vSwitchId: "vsw-apsoutheast1bdemo",
        securityGroupId: "sg-apsoutheast1demo", instanceName: `bench-restored-${i}`, hostName: `bench-restored-${i}`,
      };
      const started = performance.now();
      const restore = await call<Restore>(stack, "POST", "/api/restores", body);
      const done = await until("the restore final", async () => {
        const r = await call<Restore>(stack, "GET", `/api/restores/${restore.id}`);
        return r.status === "succeeded" || r.status === "failed" ? r : null;
      });
      if (done.status !== "succeeded") throw new Error(`restore failed: ${JSON.stringify(done.lastError)}`);
      restoreS.push((performance.now() - started) / 1000);
    }
    // The emulator's clock (emulator/COVERAGE.md): 5 s queued, 60 s + 0.5 s per GiB restoring, 20 s booting; the
    // generated instance has one 40 GiB system disk. Divided by the time scale, that is the floor the cloud sets.
    const floorS = (5 + 60 + 0.5 * 40 + 20) / TIME_SCALE;
    console.log(
      `restore.ok_to_new_instance_running_s=${median(restoreS).toFixed(2)} (median of ${RUNS}: ${restoreS.map((s) => s.toFixed(2)).join(", ")}; the emulator's own time for it at time scale ${TIME_SCALE}: ${floorS.toFixed(2)} s, so the console adds ${(median(restoreS) - floorS).toFixed(2)} s)`,
    );

    const rto: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const { runs } = await call<{ runs: DrillRun[] }>(stack, "POST", `/api/plans/${plan.id}/drills`, { instanceId: INSTANCE });
      const run = await until("the drill final", async () => {
        const r = await stack.db.drillRun.findUnique({ where: { id: runs[0]!.id } });
        return r && (r.status === "passed" || r.status === "failed") ? r : null;
      });
      if (run.status !== "passed") throw new Error(`drill failed: ${JSON.stringify(run.lastError)}`);
      wall.push((performance.now() - started) / 1000);
      rto.push(run.rtoSeconds ?? NaN);
    }
    console.log(`restore.drill_rto_recorded_s=${median(rto)} (median of ${RUNS}: ${rto.join(", ")}; RTO as the console records it, whole seconds, request → probe success)`);
    console.log(`restore.drill_request_to_cleaned_up_s=${median(wall).toFixed(2)} (median of ${RUNS}; includes deleting the drill instance)`);
  } finally {
    await stack.stop();
  }
}
