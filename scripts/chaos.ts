// npm run chaos -- --restores: restores and drills instead (scripts/lib/chaos-restores.ts).
// npm run chaos [-- --plans=N --web=W --workers=M]: N plans (default 200, a quarter of each kind: new policy,
// binding to an existing policy, legacy backup plan, Manual Backup) created through POST /api/plans, spread round
// robin over W production web processes (default 1) on one database, signed in as the admin, while the emulator
// fails calls (throttling, 503, dropped connections) and answers creates later than the worker's CLOUD_TIMEOUT_MS
// (timeouts), and M workers (default 1) are killed (-9) and restarted at different times (max(2, M) kills; with
// W ≥ 2 the last web process is killed and restarted too). Then every plan must be Active, and HBR must hold
// exactly one resource per marker. Then a viewer is disabled through web 1 while every web process is polled: each
// must refuse the viewer's session within the session cache's window (+1 s). Then the emulator's clock jumps a
// day, every new policy and backup plan runs its schedule once, and the workers' job sync (every 2 s, under faults,
// one worker killed) must record each cloud job of the plans exactly once. Exits 1 when any of that fails.
// Real parts throughout: embedded PostgreSQL, the emulator program, worker processes, the production web server.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { FINISHED_JOB_STATUSES } from "@/lib/schemas/backup-point";
import { defaultPlanInput, type CreatePlanInput } from "@/lib/schemas/plan";
import { chaosScenario, countDuplicates, jobCensus, KINDS, listCloudJobs, type PlanKind } from "./lib/chaos-hbr";
import { say, sleep, startChaosStack } from "./lib/chaos-stack";
import { restoreChaos } from "./lib/chaos-restores";

const { values: args } = parseArgs({
  options: {
    plans: { type: "string", default: process.env.CHAOS_PLANS ?? "200" },
    web: { type: "string", default: "1" },
    workers: { type: "string", default: "1" },
    restores: { type: "boolean", default: false },
    count: { type: "string", default: "20" },
  },
});
if (args.restores) {
  const count = Number(args.count);
  if (!Number.isInteger(count) || count < 1) throw new Error("--count must be a whole number ≥ 1");
  await restoreChaos(count);
  process.exit(0);
}
const PLANS = Number(args.plans);
if (!Number.isInteger(PLANS) || PLANS < KINDS.length) throw new Error(`--plans must be a whole number ≥ ${KINDS.length}`);
/** The worker's CLOUD_TIMEOUT_MS; a timeout fault answers creates this much later and more. */
const WORKER_TIMEOUT_MS = 1000;
const LATE_MS = WORKER_TIMEOUT_MS + 1500;
const CREATES = ["CreatePolicyV2", "CreatePolicyBindings", "CreateBackupPlan", "CreateBackupJob"];
const POLICY_REGION = "ap-southeast-1";
const PLAN_REGION = "ap-northeast-1"; // no backup policies: one HBR backup plan per instance
const CLIENT_CONCURRENCY = 20;
const WEB = Number(args.web);
const WORKERS = Number(args.workers);
if (!Number.isInteger(WEB) || WEB < 1 || WEB > 8) throw new Error("--web must be a whole number from 1 to 8");
if (!Number.isInteger(WORKERS) || WORKERS < 1 || WORKERS > 8) throw new Error("--workers must be a whole number from 1 to 8");
/** Every worker kill, at different times; each worker is killed at least once when there are more than two. */
const WORKER_KILLS = Math.max(2, WORKERS);
/** The workers pull scheduled jobs from HBR this often (SYNC_INTERVAL_S). */
const SYNC_INTERVAL_S = 2;
/** SESSION_CACHE_TTL_MS in lib/server/auth/session.ts: another web process may serve a revoked session this long. */
const REVOCATION_WINDOW_MS = 5_000;
const runStarted = performance.now();
const secondsSince = (t: number) => ((performance.now() - t) / 1000).toFixed(1);

const stack = await startChaosStack({
  scenario: chaosScenario({ [POLICY_REGION]: PLANS, [PLAN_REGION]: PLANS }),
  workerTimeoutMs: WORKER_TIMEOUT_MS,
  timeScale: 100,
  web: WEB,
  workerEnv: { SYNC_INTERVAL_S: String(SYNC_INTERVAL_S) },
});
const { cloud, db, emulatorAdmin, bases, cookie } = stack;
const failures: string[] = [];

// The most PostgreSQL connections open at once over the run (every web process's and worker's pools).
let connectionsMax = 0;
const sampler = setInterval(() => {
  stack.connections().then(
    (n) => (connectionsMax = Math.max(connectionsMax, n)),
    () => undefined,
  );
}, 1000);

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
  for (let w = 0; w < WORKERS; w++) stack.startWorker();
  const started = performance.now();

  // Like a browser behind a load balancer that resends with the same Idempotency-Key until it gets an answer:
  // each attempt goes to the next web process in turn.
  let clientResends = 0;
  let turn = 0;
  const post = async (input: CreatePlanInput, key: string): Promise<string> => {
    for (let attempt = 1; ; attempt++) {
      const base = bases[turn++ % bases.length]!;
      // A web process killed mid-answer cuts the connection before the headers or inside the body: resend both.
      const answer = await fetch(`${base}/api/plans`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie, origin: base, "idempotency-key": key },
        body: JSON.stringify(input),
      }).then(
        async (res) => ({ status: res.status, text: await res.text() }),
        (err: Error) => err,
      ).catch((err: Error) => err);
      if (!(answer instanceof Error) && (answer.status === 200 || answer.status === 201)) return (JSON.parse(answer.text) as { id: string }).id;
      const why = answer instanceof Error ? answer.message : `${answer.status} ${answer.text}`;
      if ((!(answer instanceof Error) && answer.status < 500) || attempt >= 30) throw new Error(`POST /api/plans: ${why}`);
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

  // Worker kills land mid-provisioning, spread evenly (with one worker: once a third, then two thirds of the plans
  // are Active), each on the next worker in turn.
  const activeCount = () => db.plan.count({ where: { status: "active" } });
  let workersKilled = 0;
  const killer = (async () => {
    for (let k = 0; k < WORKER_KILLS; k++) {
      const deadline = performance.now() + 120_000;
      while ((await activeCount()) < Math.ceil((PLANS * (k + 1)) / (WORKER_KILLS + 1)) && performance.now() < deadline) await sleep(100);
      const slot = k % WORKERS;
      stack.killWorker(slot);
      workersKilled++;
      say(`worker ${slot + 1} killed at ${secondsSince(started)} s with ${await activeCount()} plans Active, restarting`);
    }
  })();
  // With two web processes or more, the last one dies once half the plans are answered (its requests in flight
  // are resent to the others) and comes back on its port.
  let webKilled = 0;
  const webKiller = (async () => {
    if (WEB < 2) return;
    while (accepted.length + refused.length < PLANS / 2) await sleep(50);
    const at = performance.now();
    await stack.restartWeb(WEB - 1);
    webKilled++;
    say(`web ${WEB} killed at ${secondsSince(started)} s, listening again ${secondsSince(at)} s later`);
  })();

  await creating;
  await webKiller;
  say(`${accepted.length} plans accepted, ${refused.length} refused, ${clientResends} client resends, in ${secondsSince(started)} s`);
  if (refused.length) say(`first refusal: ${refused[0]}`);

  // Session revocation across web processes, while the workers still provision under faults.
  const revocationMs = await checkRevocation();
  say(`viewer disabled through web 1: refused (401) by ${revocationMs.map((ms, i) => `web ${i + 1} after ${Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : "never"}`).join(", ")}`);
  const revocationMaxMs = Math.max(...revocationMs);
  if (!(revocationMaxMs <= REVOCATION_WINDOW_MS + 1000)) failures.push(`a web process served a disabled user's session ${revocationMaxMs} ms after the disable (window ${REVOCATION_WINDOW_MS} ms + 1 s)`);

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

  // HBR's census before the schedules run (a backup plan's scheduled job carries the plan's name).
  const hbr = await countDuplicates(cloud, { policyRegion: POLICY_REGION, planRegion: PLAN_REGION });
  const jobSync = await checkJobSync(accepted);
  workersKilled += jobSync.workersKilled;

  const inDb = await db.plan.findMany({ where: { id: { in: accepted } }, select: { id: true, status: true, lastError: true } });
  const lost = accepted.length - inDb.filter((p) => p.status === "active").length + refused.length;
  const statuses = inDb.reduce<Record<string, number>>((acc, p) => ({ ...acc, [p.status]: (acc[p.status] ?? 0) + 1 }), {});
  const failed = inDb.find((p) => p.status === "failed");
  if (failed) say(`first failed plan: ${JSON.stringify(failed.lastError)}`);
  const duplicates = hbr.duplicates + (await db.plan.count()) - accepted.length;
  say(`statuses ${JSON.stringify(statuses)}; converged ${convergedS === null ? "not within 180 s" : `${convergedS.toFixed(1)} s`} after the faults stopped; in HBR ${JSON.stringify(hbr.counted)}`);
  const kinds = KINDS.map((k) => `${perKind[k]} ${k}`).join(", ");
  if (lost) failures.push(`${lost} plans lost`);
  if (duplicates) failures.push(`${duplicates} duplicates in HBR`);
  if (jobSync.doubleCounted) failures.push(`${jobSync.doubleCounted} cloud jobs counted twice by the sync`);
  if (jobSync.missed) failures.push(`${jobSync.missed} cloud jobs never recorded by the sync`);
  console.log(`chaos: ${PLANS} plans (${kinds}), faults: ${errors} errors + ${timeouts} timeouts, workers killed: ${workersKilled}, lost: ${lost}, duplicates in HBR: ${duplicates}`);
  console.log(
    `chaos: web=${WEB} workers=${WORKERS} plans=${PLANS} lost=${lost} duplicates=${duplicates} jobs=${jobSync.recorded}/${jobSync.cloud} ` +
      `jobs_double_counted=${jobSync.doubleCounted} jobs_missed=${jobSync.missed} revocation_max_ms=${Number.isFinite(revocationMaxMs) ? revocationMaxMs.toFixed(0) : "never"} ` +
      `workers_killed=${workersKilled} web_killed=${webKilled} pg_connections_max=${connectionsMax} run_s=${secondsSince(runStarted)}`,
  );
} catch (err) {
  failures.push(err instanceof Error ? err.message : String(err));
} finally {
  clearInterval(sampler);
  await stack.stop();
}
if (failures.length) console.log(`chaos FAILED: ${failures.join("; ")}`);
process.exit(failures.length ? 1 : 0);

/**
 * A viewer made through the users API signs in on the last web process; the same cookie must work on every one
 * (each then remembers the session for its cache window). The viewer is disabled through web 1, and every web
 * process is polled until it answers 401: the milliseconds from the disable request, per web process.
 */
async function checkRevocation(): Promise<number[]> {
  const viewer = { name: "Chaos viewer", email: `chaos-viewer-${randomUUID().slice(0, 8)}@hbr.local`, password: `viewer-${randomUUID()}`, role: "viewer" };
  const created = await stack.api("POST", "/api/users", viewer);
  if (created.status !== 201 && created.status !== 200) throw new Error(`POST /api/users: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const signInBase = bases[bases.length - 1]!;
  const signIn = await fetch(`${signInBase}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: signInBase },
    body: JSON.stringify({ email: viewer.email, password: viewer.password }),
  });
  if (!signIn.ok) throw new Error(`viewer sign-in: ${signIn.status} ${await signIn.text()}`);
  const viewerCookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const me = (b: string) => fetch(`${b}/api/me`, { headers: { cookie: viewerCookie } }).then((r) => r.status, () => 0);
  const before = await Promise.all(bases.map(me));
  if (before.some((status) => status !== 200)) throw new Error(`the viewer's session before the disable: ${before.map((s, i) => `web ${i + 1} ${s}`).join(", ")}`);
  const disabledAt = performance.now();
  const disabled = await stack.api("PATCH", `/api/users/${id}`, { disabled: true });
  if (!disabled.ok) throw new Error(`PATCH /api/users/${id}: ${disabled.status} ${await disabled.text()}`);
  return Promise.all(
    bases.map(async (b) => {
      for (;;) {
        const status = await me(b);
        const elapsed = performance.now() - disabledAt;
        if (status === 401) return elapsed;
        if (elapsed > REVOCATION_WINDOW_MS + 10_000) return Infinity;
        await sleep(25);
      }
    }),
  );
}

/**
 * The job sync across workers: the emulator's clock jumps a day, so every new policy and backup plan runs its
 * schedule once (Manual Backup plans made their job at provisioning); the workers pull the jobs (region sync every
 * SYNC_INTERVAL_S) and follow them until they finish, under faults, one worker killed on the way. Then the
 * plans' backup_job rows must name each of HBR's jobs on their instances exactly once.
 */
async function checkJobSync(planIds: string[]) {
  const plans = await db.plan.findMany({ where: { id: { in: planIds } }, select: { id: true, instances: { select: { instanceId: true } } } });
  const planOfInstance = new Map(plans.flatMap((p) => p.instances.map((i) => [i.instanceId, p.id] as const)));
  await emulatorAdmin("clock/advance", "POST", { seconds: 86_400 + 3_600 });
  const onInstances = (jobs: Awaited<ReturnType<typeof listCloudJobs>>) => jobs.filter((j) => planOfInstance.has(j.instanceId ?? ""));
  const expected = onInstances(await listCloudJobs(cloud, [POLICY_REGION, PLAN_REGION])).length;
  const at = performance.now();
  const rows = () => db.backupJob.count({ where: { planId: { in: planIds } } });
  // Jobs not yet recorded finished. (Not their backup point: after the clock jump the emulator dates snapshots a
  // day ahead of the console's clock, past the window syncPlanJobs searches, so a scheduled job's level stays unread.)
  const open = () => db.backupJob.count({ where: { planId: { in: planIds }, status: { notIn: [...FINISHED_JOB_STATUSES] } } });
  const settled = async () => (await rows()) >= expected && (await open()) === 0;
  for (const kind of ["throttle", "error5xx", "reset"]) await emulatorAdmin("faults", "POST", { kind, rate: 0.05 });
  let workersKilled = 0;
  const faultsUntil = performance.now() + 60_000;
  while (!(await settled()) && performance.now() < faultsUntil) {
    if (!workersKilled && (await rows()) >= expected / 2) {
      stack.killWorker(WORKERS - 1);
      workersKilled++;
      say(`worker ${WORKERS} killed during the job sync with ${await rows()}/${expected} jobs recorded, restarting`);
    }
    await sleep(250);
  }
  await emulatorAdmin("faults", "DELETE");
  const until = performance.now() + 120_000;
  while (!(await settled()) && performance.now() < until) await sleep(250);
  const census = jobCensus(
    await db.backupJob.findMany({ where: { planId: { in: planIds } }, select: { planId: true, cloudJobId: true } }),
    onInstances(await listCloudJobs(cloud, [POLICY_REGION, PLAN_REGION])),
    planOfInstance,
  );
  const stillOpen = await open();
  say(
    `job sync: ${expected} scheduled and manual jobs in HBR, ${census.recorded} recorded, ${stillOpen} still open, ${census.doubleCounted} counted twice, ` +
      `${census.missed} missed, in ${secondsSince(at)} s`,
  );
  if (stillOpen) failures.push(`${stillOpen} jobs still open ${secondsSince(at)} s after the clock jump`);
  return { ...census, workersKilled };
}
