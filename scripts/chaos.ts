// npm run chaos [-- --plans=N]: N plans (default 200, a quarter of each kind: new policy, binding to an
// existing policy, legacy backup plan, Manual Backup) created through POST /api/plans on the production web
// server, signed in as the admin, while the emulator fails calls (throttling, 503, dropped connections) and
// answers creates later than the worker's CLOUD_TIMEOUT_MS (timeouts), and the worker is killed (-9) and
// restarted twice. Then every plan must be Active, and HBR must hold exactly one resource per marker.
// Real parts throughout: embedded PostgreSQL, the emulator program, worker processes, `next start`.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { defaultPlanInput, type CreatePlanInput } from "@/lib/schemas/plan";
import { chaosScenario, countDuplicates, KINDS, type PlanKind } from "./lib/chaos-hbr";
import { say, sleep, startChaosStack } from "./lib/chaos-stack";

const { values: args } = parseArgs({ options: { plans: { type: "string", default: process.env.CHAOS_PLANS ?? "200" } } });
const PLANS = Number(args.plans);
if (!Number.isInteger(PLANS) || PLANS < KINDS.length) throw new Error(`--plans must be a whole number ≥ ${KINDS.length}`);
/** The worker's CLOUD_TIMEOUT_MS; a timeout fault answers creates this much later and more. */
const WORKER_TIMEOUT_MS = 1000;
const LATE_MS = WORKER_TIMEOUT_MS + 1500;
const CREATES = ["CreatePolicyV2", "CreatePolicyBindings", "CreateBackupPlan", "CreateBackupJob"];
const POLICY_REGION = "ap-southeast-1";
const PLAN_REGION = "ap-northeast-1"; // no backup policies: one HBR backup plan per instance
const CLIENT_CONCURRENCY = 20;

const stack = await startChaosStack({ scenario: chaosScenario({ [POLICY_REGION]: PLANS, [PLAN_REGION]: PLANS }), workerTimeoutMs: WORKER_TIMEOUT_MS, timeScale: 100 });
const { cloud, db, emulatorAdmin, base, cookie } = stack;

try {
  // Plans of each kind, each on instances of its own. Binding plans share existing policies (≤ 90 each: HBR
  // binds at most 100 instances to a policy), made before any fault.
  const kindOf = (i: number): PlanKind => KINDS[i % KINDS.length]!;
  const perKind = Object.fromEntries(KINDS.map((k) => [k, Array.from({ length: PLANS }, (_, i) => i).filter((i) => kindOf(i) === k).length])) as Record<PlanKind, number>;
  const sharedPolicies: string[] = [];
  for (let n = 0; n < Math.ceil(perKind.binding / 90); n++) {
    const policy = await cloud.hbr(POLICY_REGION).createPolicyV2({ policyName: `chaos-shared-${n}`, policyType: "UDM_ECS_ONLY", rules: [{ ruleType: "BACKUP", schedule: "I|1900000000|P1D", retention: 7 }] });
    sharedPolicies.push(policy.policyId);
  }
  const future = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const nextInstance: Record<string, number> = { [POLICY_REGION]: 0, [PLAN_REGION]: 0 };
  const instanceIn = (regionId: string) => `i-${regionId.replace(/[^a-z0-9]/g, "").slice(0, 6)}gen${String(++nextInstance[regionId]!).padStart(5, "0")}`;
  let bindingPlans = 0;
  const inputs = Array.from({ length: PLANS }, (_, i): CreatePlanInput => {
    const kind = kindOf(i);
    const regionId = kind === "policy" || kind === "binding" ? POLICY_REGION : PLAN_REGION;
    const input = defaultPlanInput(regionId);
    input.name = `chaos-${kind}-${i}`;
    input.backupObjects.instances = [{ instanceId: instanceIn(regionId), protectAllDisks: true, diskIds: [] }];
    const every = { startTime: future, interval: { value: 1, unit: "days" as const }, retention: { value: 7, unit: "days" as const } };
    if (kind === "policy") input.backupMode = { mode: "auto", schedule: { kind: "newPolicy", policyName: `chaos-${i}`, ...every } };
    if (kind === "binding") input.backupMode = { mode: "auto", schedule: { kind: "existingPolicy", policyId: sharedPolicies[Math.floor(bindingPlans++ / 90)]! } };
    if (kind === "plan") input.backupMode = { mode: "auto", schedule: { kind: "plan", ...every } };
    return input;
  });

  // Errors on every call; timeouts on the worker's creates (the emulator makes the resource, answers late).
  for (const kind of ["throttle", "error5xx", "reset"]) await emulatorAdmin("faults", "POST", { kind, rate: 0.05 });
  for (const action of CREATES) await emulatorAdmin("faults", "POST", { action, kind: "latency", latencyMs: LATE_MS, rate: 0.25 });
  stack.startWorker();
  const started = performance.now();

  // Like a browser that resends with the same Idempotency-Key until it gets an answer.
  let clientResends = 0;
  const post = async (input: CreatePlanInput, key: string): Promise<string> => {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${base}/api/plans`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie, origin: base, "idempotency-key": key },
        body: JSON.stringify(input),
      }).catch((err: Error) => err);
      if (!(res instanceof Error) && (res.status === 200 || res.status === 201)) return ((await res.json()) as { id: string }).id;
      const why = res instanceof Error ? res.message : `${res.status} ${await res.text()}`;
      if ((!(res instanceof Error) && res.status < 500) || attempt >= 30) throw new Error(`POST /api/plans: ${why}`);
      clientResends++;
      await sleep(200 + Math.random() * 300);
    }
  };
  let next = 0;
  const accepted: string[] = [];
  const refused: string[] = [];
  const creating = Promise.all(
    Array.from({ length: CLIENT_CONCURRENCY }, async () => {
      while (next < inputs.length) {
        const i = next++;
        await post(inputs[i]!, `chaos-${i}-${randomUUID()}`).then(
          (id) => accepted.push(id),
          (err: Error) => refused.push(err.message),
        );
      }
    }),
  );

  // Kills land mid-provisioning: once a third, then two thirds of the plans are Active.
  const activeCount = () => db.plan.count({ where: { status: "active" } });
  let workersKilled = 0;
  const killer = (async () => {
    for (const share of [1 / 3, 2 / 3]) {
      const deadline = performance.now() + 120_000;
      while ((await activeCount()) < Math.ceil(PLANS * share) && performance.now() < deadline) await sleep(100);
      stack.killWorker();
      workersKilled++;
      say(`worker killed at ${((performance.now() - started) / 1000).toFixed(1)} s with ${await activeCount()} plans Active, restarting`);
    }
  })();

  await creating;
  say(`${accepted.length} plans accepted, ${refused.length} refused, ${clientResends} client resends, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (refused.length) say(`first refusal: ${refused[0]}`);

  // The faults stay on while the plans are provisioned (they are transient: every plan gets through them), for at
  // most 3 minutes; then they stop and the rest must converge.
  const faultsUntil = performance.now() + 180_000;
  const isOpen = () => db.plan.count({ where: { id: { in: accepted }, status: { in: ["pending", "provisioning"] } } });
  while ((await isOpen()) > 0 && performance.now() < faultsUntil) await sleep(500);
  await killer;
  const { faults } = await emulatorAdmin<{ faults: { kind: string; hits: number }[] }>("faults", "GET");
  const errors = faults.filter((f) => f.kind !== "latency").reduce((n, f) => n + f.hits, 0);
  const timeouts = faults.filter((f) => f.kind === "latency").reduce((n, f) => n + f.hits, 0);
  await emulatorAdmin("faults", "DELETE");
  const faultsStopped = performance.now();
  say(`faults stopped at ${((faultsStopped - started) / 1000).toFixed(1)} s: ${errors} errors, ${timeouts} creates answered after the worker's ${WORKER_TIMEOUT_MS} ms timeout`);

  let convergedS: number | null = null;
  while (performance.now() - faultsStopped < 180_000) {
    if ((await isOpen()) === 0) {
      convergedS = (performance.now() - faultsStopped) / 1000;
      break;
    }
    await sleep(500);
  }

  const inDb = await db.plan.findMany({ where: { id: { in: accepted } }, select: { id: true, status: true, lastError: true } });
  const lost = accepted.length - inDb.filter((p) => p.status === "active").length + refused.length;
  const statuses = inDb.reduce<Record<string, number>>((acc, p) => ({ ...acc, [p.status]: (acc[p.status] ?? 0) + 1 }), {});
  const failed = inDb.find((p) => p.status === "failed");
  if (failed) say(`first failed plan: ${JSON.stringify(failed.lastError)}`);
  const hbr = await countDuplicates(cloud, { policyRegion: POLICY_REGION, planRegion: PLAN_REGION });
  const duplicates = hbr.duplicates + (await db.plan.count()) - accepted.length;
  say(`statuses ${JSON.stringify(statuses)}; converged ${convergedS === null ? "not within 180 s" : `${convergedS.toFixed(1)} s`} after the faults stopped; in HBR ${JSON.stringify(hbr.counted)}`);
  const kinds = KINDS.map((k) => `${perKind[k]} ${k}`).join(", ");
  console.log(`chaos: ${PLANS} plans (${kinds}), faults: ${errors} errors + ${timeouts} timeouts, workers killed: ${workersKilled}, lost: ${lost}, duplicates in HBR: ${duplicates}`);
} finally {
  await stack.stop();
}
process.exit(0);
