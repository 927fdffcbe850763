import { defaultScenario } from "@/emulator/scenario/default-scenario";
import { coverageQuerySchema } from "@/lib/schemas/coverage";
import { listCoverage } from "@/lib/server/coverage/list-coverage";
import { syncInventory } from "@/lib/server/coverage/sync-inventory";
import { startChaosStack } from "../lib/chaos-stack";
import { load, pct } from "./load";

// Coverage over the default scenario's 5,000-instance region (Tokyo) on the whole stack as users get it: next start,
// the worker process, the emulator. Waits for the worker's first inventory pass of every region, then times
// GET /api/coverage (first page, a state filter, a text search) as a signed-in user, and reads the duration of the
// worker's inventory pass over Tokyo from its record (inventory_sync). The same queries are timed in-process through
// Prisma (what the API adds over the database), then one more pass over the unchanged region.

const REGION = "ap-northeast-1";
const CONCURRENCY = 10;
const REQUESTS = 500;


export async function benchCoverage(): Promise<void> {
  // The first pass (at worker start) is the one timed; no timer pass disturbs the requests after it.
  process.env.INVENTORY_SYNC_INTERVAL_S = "3600";
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
      first_page: `regionId=${REGION}`,
      state_filter: `regionId=${REGION}&state=unprotected&sort=state`,
      text_search: `q=bulk-042`,
      all_regions: ``,
    };
    for (const [name, qs] of Object.entries(cases)) {
      const run = get(`/api/coverage?${qs}`);
      await load(run, 50, CONCURRENCY);
      const times = await load(run, REQUESTS, CONCURRENCY);
      const query = coverageQuerySchema.parse(Object.fromEntries(new URLSearchParams(qs)));
      const direct = async () => void (await listCoverage(stack.db, query));
      await load(direct, 50, CONCURRENCY);
      const sql = await load(direct, REQUESTS, CONCURRENCY);
      console.log(
        `coverage.${name}_p50_ms=${pct(times, 50).toFixed(1)} coverage.${name}_p99_ms=${pct(times, 99).toFixed(1)} coverage.${name}_db_p50_ms=${pct(sql, 50).toFixed(1)} coverage.${name}_db_p99_ms=${pct(sql, 99).toFixed(1)}  ` +
          `(GET /api/coverage?${qs}, ${CONCURRENCY} concurrent, ${REQUESTS} requests; db = the same listCoverage in-process)`,
      );
    }
    const again = await syncInventory({ db: stack.db, cloud: stack.cloud }, REGION);
    console.log(`coverage.inventory_repass_ms=${again.durationMs} coverage.inventory_repass_changed=${again.changed}  (one more pass over the unchanged ${REGION}, in-process)`);
  } finally {
    await stack.stop();
  }
}
