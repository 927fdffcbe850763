import { defaultScenario } from "@/emulator/scenario/default-scenario";
import { startChaosStack } from "../lib/chaos-stack";

// Coverage over the default scenario's 5,000-instance region (Tokyo) on the whole stack as users get it: next start,
// the worker process, the emulator. Waits for the worker's first inventory pass of every region, then times
// GET /api/coverage (first page, a state filter, a text search) as a signed-in user, and reads the duration of the
// worker's inventory pass over Tokyo from the queue's record of it.

const REGION = "ap-northeast-1";
const CONCURRENCY = 10;
const REQUESTS = 500;

async function load(run: () => Promise<void>, total: number, concurrency: number): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) {
        const t0 = performance.now();
        await run();
        times.push(performance.now() - t0);
      }
    }),
  );
  return times.sort((a, b) => a - b);
}
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function benchCoverage(): Promise<void> {
  // Passes every 60 s: the first one (at worker start) is the one timed.
  process.env.INVENTORY_SYNC_INTERVAL_S = "60";
  const stack = await startChaosStack({ scenario: defaultScenario(), workerTimeoutMs: 10_000, timeScale: 1 });
  try {
    const t0 = performance.now();
    stack.startWorker();
    const regions = defaultScenario().regions.length;
    for (;;) {
      const done = await stack.db.inventorySync.count({ where: { finishedAt: { not: null } } });
      const tokyo = await stack.db.inventorySync.findUnique({ where: { regionId: REGION } });
      if (tokyo?.finishedAt && done >= regions) break;
      if (performance.now() - t0 > 180_000) throw new Error("the worker's first inventory pass did not finish within 3 min");
      await new Promise((r) => setTimeout(r, 100));
    }
    const firstMs = performance.now() - t0;
    const tokyo = await stack.db.inventorySync.findUniqueOrThrow({ where: { regionId: REGION } });
    const passMs = tokyo.finishedAt!.getTime() - tokyo.startedAt!.getTime();
    console.log(
      `coverage.inventory_pass_ms=${passMs} coverage.first_inventory_ready_ms=${firstMs.toFixed(0)}  ` +
        `(worker's pass over ${REGION}: ${tokyo.instances} instances, ${tokyo.changed} rows written; first pass of every region from worker start)`,
    );

    const get = (p: string) => async () => {
      const res = await stack.api("GET", p);
      if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };
    const cases: Record<string, string> = {
      first_page: `/api/coverage?regionId=${REGION}`,
      state_filter: `/api/coverage?regionId=${REGION}&state=unprotected&sort=state`,
      text_search: `/api/coverage?q=bulk-042`,
      all_regions: `/api/coverage`,
    };
    for (const [name, p] of Object.entries(cases)) {
      const run = get(p);
      await load(run, 50, CONCURRENCY);
      const times = await load(run, REQUESTS, CONCURRENCY);
      console.log(`coverage.${name}_p50_ms=${pct(times, 50).toFixed(1)} coverage.${name}_p99_ms=${pct(times, 99).toFixed(1)}  (GET ${p}, ${CONCURRENCY} concurrent, ${REQUESTS} requests)`);
    }
    const again = await stack.db.inventorySync.findUniqueOrThrow({ where: { regionId: REGION } });
    if (again.finishedAt!.getTime() !== tokyo.finishedAt!.getTime()) {
      console.log(`coverage.inventory_repass_ms=${again.finishedAt!.getTime() - again.startedAt!.getTime()} coverage.inventory_repass_changed=${again.changed}  (a later pass over an unchanged ${REGION})`);
    }
  } finally {
    await stack.stop();
  }
}
