import { PLAN_SUMMARY_COLUMNS } from "@/lib/server/plans/plan-dto";
import { load, pct } from "./load";
import { LARGE_REGION, startLargeStack, type LargeStack } from "./large-stack";

// What users get from the API over the large seed (10,000 plans, 50,000 instances, 200,000 jobs), measured on the
// whole stack as `npm start` runs it: the production web server AND the worker, whose syncs run every
// SYNC_INTERVAL_S (here 10 s, so one is always near). Each plans-list query is also run as the same SQL through
// `pg` (named prepared statements, as the console's client uses) in the same run: one client in sequence and 50
// concurrent clients, p50, p99 and throughput, and their ratios. GET /api/me (the session only) is the floor of a
// request. First while the worker's first sync of the whole seed runs, then with the stack settled.
// Goals (issue 16): p50 and p99 ≤ 2x the SQL's, throughput ≥ 0.5x the SQL's, /api/me p50 ≤ 2 ms.

const SEQUENTIAL = 400;
const CONCURRENT = 1_000;
const CONCURRENCY = 50;
const SYNC_INTERVAL_S = 10;

interface Figures {
  p50: number;
  p99: number;
  rps: number;
}

async function measure(run: () => Promise<void>, total: number, concurrency: number): Promise<Figures> {
  const t0 = performance.now();
  const times = await load(run, total, concurrency);
  return { p50: pct(times, 50), p99: pct(times, 99), rps: (total / (performance.now() - t0)) * 1000 };
}

/** The filters of the cases: the WHERE listPlans builds for each query below, and its parameters. */
const PLANS_SQL = {
  filters: { where: `p."regionId" = $1 AND p."status" = 'active' AND p."mode" = 'auto'`, params: [LARGE_REGION] },
  text: {
    with: `WITH matched AS MATERIALIZED (SELECT "id" FROM "plan" WHERE "name" ILIKE $1 OR "id" = $2 UNION SELECT "planId" FROM "plan_instance" WHERE "instanceId" = $2 OR "instanceName" ILIKE $1)`,
    where: `p."id" IN (SELECT "id" FROM matched)`,
    params: ["%large-4999%", "large-4999"],
  },
  breached: { where: `p."status" = 'active' AND p."paused" = false AND p."rpoDueAt" < now()`, params: [] },
} as const;
type PlansCase = keyof typeof PLANS_SQL;
const PLANS_QUERY: Record<PlansCase, string> = {
  filters: `regionId=${LARGE_REGION}&status=active&mode=auto&pageSize=50`,
  text: "q=large-4999&pageSize=50",
  breached: "rpo=breached&pageSize=50",
};

/** The statement listPlans (lib/server/plans/list-plans.ts) runs for a case: the total joined to a page of 50 by createdAt desc. */
function rawPlans(stack: LargeStack, name: PlansCase): () => Promise<void> {
  const { where, params } = PLANS_SQL[name];
  const cte = "with" in PLANS_SQL[name] ? PLANS_SQL[name].with : "";
  const query = {
    name: `bench-plans-${name}`,
    text: `${cte} SELECT t."total", page.* FROM (SELECT count(*)::int AS "total" FROM "plan" p WHERE ${where}) t
           LEFT JOIN LATERAL (
             SELECT ${PLAN_SUMMARY_COLUMNS.map((c) => `p."${c}"`).join(", ")}, (SELECT count(*) FROM "plan_instance" i WHERE i."planId" = p."id")::int AS "instanceCount",
               EXISTS (SELECT 1 FROM "plan_action" a WHERE a."planId" = p."id" AND a."status" IN ('pending', 'running')) AS "hasOpenAction",
               d."verifiedAt", d."verifiedRtoS"
             FROM "plan" p LEFT JOIN "plan_drill" d ON d."planId" = p."id" WHERE ${where}
             ORDER BY p."createdAt" DESC, p."id" ASC LIMIT 50 OFFSET 0
           ) page ON true
           ORDER BY page."createdAt" DESC, page."id" ASC`,
    values: [...params],
  };
  return async () => {
    await stack.pool.query(query);
  };
}

const ms = (n: number) => n.toFixed(1);
const ratio = (a: number, b: number) => (a / b).toFixed(2);

/** Sequential and concurrent figures of the API call and its SQL, printed as `api.<name>.…` lines. */
async function compare(stack: LargeStack, label: string, name: PlansCase, sequential = SEQUENTIAL, concurrent = CONCURRENT): Promise<void> {
  const api = stack.get(`/api/plans?${PLANS_QUERY[name]}`);
  const sql = rawPlans(stack, name);
  await load(api, 50, 1);
  await load(sql, 50, 1);
  const apiSeq = await measure(api, sequential, 1);
  const sqlSeq = await measure(sql, sequential, 1);
  const apiConc = await measure(api, concurrent, CONCURRENCY);
  const sqlConc = await measure(sql, concurrent, CONCURRENCY);
  console.log(
    `api.${label}.plans_${name}.one_client p50_ms=${ms(apiSeq.p50)} sql_p50_ms=${ms(sqlSeq.p50)} p50_ratio=${ratio(apiSeq.p50, sqlSeq.p50)} ` +
      `p99_ms=${ms(apiSeq.p99)} sql_p99_ms=${ms(sqlSeq.p99)} p99_ratio=${ratio(apiSeq.p99, sqlSeq.p99)}`,
  );
  console.log(
    `api.${label}.plans_${name}.c${CONCURRENCY} p50_ms=${ms(apiConc.p50)} sql_p50_ms=${ms(sqlConc.p50)} p50_ratio=${ratio(apiConc.p50, sqlConc.p50)} ` +
      `p99_ms=${ms(apiConc.p99)} sql_p99_ms=${ms(sqlConc.p99)} p99_ratio=${ratio(apiConc.p99, sqlConc.p99)} ` +
      `rps=${apiConc.rps.toFixed(0)} sql_rps=${sqlConc.rps.toFixed(0)} throughput_ratio=${ratio(apiConc.rps, sqlConc.rps)}  ` +
      `(GET /api/plans?${PLANS_QUERY[name]}; goals: ratios ≤ 2, throughput ≥ 0.5)`,
  );
}

async function sessionFloor(stack: LargeStack, label: string): Promise<void> {
  const me = stack.get("/api/me");
  await load(me, 100, 1);
  const seq = await measure(me, 1_000, 1);
  const conc = await measure(me, 2_000, CONCURRENCY);
  console.log(
    `api.${label}.me.one_client p50_ms=${seq.p50.toFixed(2)} p99_ms=${seq.p99.toFixed(2)}  api.${label}.me.c${CONCURRENCY} p50_ms=${ms(conc.p50)} p99_ms=${ms(conc.p99)} rps=${conc.rps.toFixed(0)}  ` +
      `(GET /api/me: the session only; goal one-client p50 ≤ 2 ms)`,
  );
}

export async function benchApi(): Promise<void> {
  const stack = await startLargeStack(10_000);
  try {
    // The worker starts as npm start starts it: a region sync and an inventory pass of every region at once.
    const syncStarted = performance.now();
    stack.startWorker(SYNC_INTERVAL_S);
    await compare(stack, "during_first_sync", "filters", 200, 500);
    await sessionFloor(stack, "during_first_sync");
    await stack.inventoryReady(300_000);
    console.log(`api.first_sync_s=${((performance.now() - syncStarted) / 1000).toFixed(1)}  (worker start → its first inventory pass of ${LARGE_REGION} done; the measurements above ran meanwhile)`);

    for (const name of Object.keys(PLANS_SQL) as PlansCase[]) await compare(stack, "settled", name);
    await sessionFloor(stack, "settled");

    const dashboard = stack.get(`/api/dashboard?regionId=${LARGE_REGION}`);
    // One computation alone: the server reuses an answer for 5 s, so wait that out first.
    await new Promise((r) => setTimeout(r, 6_000));
    const cold = await measure(dashboard, 1, 1);
    const dash = await measure(dashboard, 500, CONCURRENCY);
    console.log(
      `api.settled.dashboard computation_ms=${ms(cold.p50)} c${CONCURRENCY}_p50_ms=${ms(dash.p50)} c${CONCURRENCY}_p99_ms=${ms(dash.p99)}  ` +
        `(GET /api/dashboard?regionId=${LARGE_REGION}: one request alone, then ${CONCURRENCY} concurrent, answers reused for 5 s)`,
    );
  } finally {
    await stack.stop();
  }
}

/**
 * Growth: the plans list, the dashboard and the coverage page at each of SEED_PLANS (default 10,000 and 100,000
 * plans; 2 instances and 10 finished jobs per plan, so 100,000 plans are 200,000 instances and 1,000,000 jobs),
 * one client in sequence with the worker running. A page of 50 should cost the same at either size.
 */
export async function benchGrowth(): Promise<void> {
  const sizes = (process.env.SEED_PLANS ?? "10000,100000").split(",").map(Number);
  const rows: string[] = [];
  for (const plans of sizes) {
    const stack = await startLargeStack(plans, { instances: 2, jobs: 10 });
    try {
      const t0 = performance.now();
      stack.startWorker(60);
      await stack.inventoryReady(900_000);
      const passS = (performance.now() - t0) / 1000;
      const cases = {
        plans_list: `/api/plans?regionId=${LARGE_REGION}&status=active&mode=auto&pageSize=50`,
        plans_search: "/api/plans?q=large-4999&pageSize=50",
        coverage: `/api/coverage?regionId=${LARGE_REGION}&pageSize=50`,
        coverage_unprotected: `/api/coverage?regionId=${LARGE_REGION}&state=unprotected&pageSize=50`,
      };
      const figures: string[] = [`first_inventory_pass_s=${passS.toFixed(1)}`];
      for (const [name, p] of Object.entries(cases)) {
        const run = stack.get(p);
        await load(run, 20, 1);
        const f = await measure(run, 200, 1);
        figures.push(`${name}_p50_ms=${ms(f.p50)} ${name}_p99_ms=${ms(f.p99)}`);
      }
      const dashboard = stack.get(`/api/dashboard?regionId=${LARGE_REGION}`);
      await new Promise((r) => setTimeout(r, 6_000));
      const cold = await measure(dashboard, 1, 1);
      const warm = await measure(dashboard, 200, 1);
      figures.push(`dashboard_computation_ms=${ms(cold.p50)} dashboard_p50_ms=${ms(warm.p50)}`);
      const line = `growth.plans_${plans} ${figures.join(" ")}`;
      rows.push(line);
      console.log(line);
    } finally {
      await stack.stop();
    }
  }
}
