// The large data set of `npm run seed:large` and `npm run bench -- api`: plans laid out here (which are
// application consistent, paused, replicated, failing), materialised by the emulator's bulk seed (instances,
// policies, bindings, finished jobs with their backups), then written to PostgreSQL with the same columns the
// console's own create and sync paths write, in a few bulk statements.
import { createHash, randomUUID } from "node:crypto";
import pg from "pg";
import { createPlanSchema, hbrSchedule, intervalSeconds, retentionDays, type CreatePlan, type Interval, type Retention } from "@/lib/schemas/plan";
import { APP_SNAPSHOT_ROLE, DEFAULT_FREEZE_TIMEOUT_S, POST_SCRIPT_PATH, PRE_SCRIPT_PATH } from "@/lib/schemas/plan";
import { RPO_SLACK } from "@/lib/schemas/rpo";
import { planMarker } from "@/lib/server/cloud/hbr/markers";
import { planRetentionDays, planSteps } from "@/lib/server/plans/plan-steps";
import type { BulkSeed, BulkSeedPolicy } from "@/emulator/admin/bulk-seed";

export interface LargeFleetOptions {
  plans: number;
  instances: number;
  jobs: number;
  regionId: string;
  replicationRegionId: string;
  now: number;
}

interface PlanSpec {
  id: string;
  name: string;
  interval: Interval;
  retention: Retention;
  startMs: number;
  appConsistent: boolean;
  paused: boolean;
  replicated: boolean;
  instances: number;
  jobs: number;
  failedRuns: number;
}

const INTERVALS: Interval[] = [{ value: 7, unit: "days" }, { value: 5, unit: "days" }, { value: 1, unit: "days" }, { value: 12, unit: "hours" }];
const hashOf = (text: string) => createHash("sha256").update(text).digest("hex");
/** Integer shares of `total` in proportion to `weights`, summing exactly to `total`. */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  let given = 0;
  return weights.map((w) => {
    acc += w;
    const upTo = Math.round((total * acc) / sum);
    const share = upTo - given;
    given = upTo;
    return share;
  });
}

/**
 * Every fifth plan protects one instance with Application Consistent Backup and backs up daily; the others
 * share the remaining instances and back up every 12 hours to weekly. One plan in 13 has its last two runs
 * failed (it breaches its RPO unless paused), one in 25 is paused, one in 10 replicates; besides, one job in
 * 37 fails (a missed run, so a breach for a while). The newest run of
 * each plan lies within its last interval, so the rest keep their RPO.
 */
export function largeFleetLayout(o: LargeFleetOptions): PlanSpec[] {
  const appPlans = Math.floor(o.plans / 5);
  const isApp = (k: number) => k % 5 === 0 && k / 5 < appPlans;
  const shared = apportion(o.instances - appPlans, Array.from({ length: o.plans }, (_, k) => (isApp(k) ? 0 : 1)));
  const instances = shared.map((n, k) => (isApp(k) ? 1 : n));
  if (instances.some((n) => n < 1 || n > 99)) throw new Error(`${o.instances} instances do not fit ${o.plans} plans of 1–99 instances`);
  // Application-consistent plans run daily, so they get more runs per instance than the weekly ones.
  const jobs = apportion(o.jobs, instances.map((n, k) => (isApp(k) ? 6 : n)));
  return instances.map((n, k) => {
    const interval = isApp(k) ? INTERVALS[2]! : INTERVALS[k % INTERVALS.length]!;
    const intervalMs = intervalSeconds(interval) * 1000;
    const runs = Math.ceil(jobs[k]! / n);
    // 13 is prime to the 4 cadences and to 5: breaching plans of every interval.
    const failedRuns = k % 13 === 3 ? Math.min(2, runs) : 0;
    // Whole seconds, as the wizard's Start Time; the newest run 0–90 % of an interval ago.
    const lastRun = o.now - Math.floor(((k * 7919) % 90) / 100 * intervalMs) - 60_000;
    const startMs = Math.floor((lastRun - Math.max(0, runs - 1) * intervalMs) / 1000) * 1000;
    return {
      id: `plan_${hashOf(`large-fleet/${o.regionId}/${k}`).slice(0, 16)}`,
      name: `large-${String(k + 1).padStart(5, "0")}`,
      interval,
      retention: k % 3 === 0 ? { value: 2, unit: "months" } : { value: 5, unit: "weeks" },
      startMs,
      appConsistent: isApp(k),
      paused: k % 25 === 7,
      replicated: !isApp(k) && k % 10 === 4,
      instances: n,
      jobs: jobs[k]!,
      failedRuns,
    };
  });
}

/** One part of the emulator's bulk seed: `specs`, numbering instances and jobs on from the parts before. */
export function bulkSeedRequest(o: LargeFleetOptions, specs: PlanSpec[], from: { instance: number; job: number } = { instance: 0, job: 0 }): BulkSeed {
  return {
    regionId: o.regionId,
    namePrefix: "large-",
    failureEvery: 37,
    firstInstance: from.instance,
    firstJob: from.job,
    policies: specs.map((s) => ({
      policyName: `${s.name}-policy`,
      description: planMarker(s.id),
      schedule: hbrSchedule(new Date(s.startMs).toISOString(), s.interval),
      retentionDays: retentionDays(s.retention),
      replication: s.replicated ? { regionId: o.replicationRegionId, retentionDays: 30 } : undefined,
      // What udmDetail() in plan-steps.ts binds for an application-consistent plan, on the wire (PascalCase).
      advancedOptions: s.appConsistent
        ? { AppConsistent: true, EnableWriters: true, EnableFsFreeze: true, TimeoutInSeconds: DEFAULT_FREEZE_TIMEOUT_S, PreScriptPath: PRE_SCRIPT_PATH, PostScriptPath: POST_SCRIPT_PATH, RamRoleName: APP_SNAPSHOT_ROLE }
        : {},
      instances: s.instances,
      jobs: s.jobs,
      failedRuns: s.failedRuns,
      disabled: s.paused,
    })),
  };
}

function configOf(o: LargeFleetOptions, s: PlanSpec, placed: BulkSeedPolicy): CreatePlan {
  return createPlanSchema.parse({
    name: s.name,
    regionId: o.regionId,
    backupObjects: { instances: placed.instances.map((i) => ({ instanceId: i.instanceId, protectAllDisks: true, diskIds: [] })) },
    backupMode: {
      mode: "auto",
      schedule: { kind: "newPolicy", policyName: `${s.name}-policy`, startTime: new Date(s.startMs).toISOString().replace(/\.\d{3}Z$/, "Z"), interval: s.interval, retention: s.retention },
    },
    appConsistency: { enabled: s.appConsistent, enableFsFreeze: true, freezeTimeoutSeconds: DEFAULT_FREEZE_TIMEOUT_S },
    replication: s.replicated ? { enabled: true, destinationRegionId: o.replicationRegionId, retention: { value: 30, unit: "days" } } : { enabled: false },
  });
}

/** HBR reports times in seconds: the console stores what it would have synced. */
const seconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);

type Columns = Record<string, { type: string; values: unknown[] }>;

/** Empty columns for a table: name and PostgreSQL type, in insert order. */
const columns = (spec: [name: string, type: string][]): Columns => Object.fromEntries(spec.map(([name, type]) => [name, { type, values: [] }]));

/** One INSERT … SELECT FROM unnest(arrays) per chunk: a bulk load without COPY support in `pg`. */
async function insertRows(client: pg.Client, table: string, columns: Columns, chunk = 20_000): Promise<void> {
  const names = Object.keys(columns);
  const total = columns[names[0]!]!.values.length;
  for (let from = 0; from < total; from += chunk) {
    const params = names.map((n) => columns[n]!.values.slice(from, from + chunk));
    const select = names.map((n, i) => {
      const t = columns[n]!.type;
      // unnest flattens nested arrays, so text[] columns travel as one comma-joined string per row.
      return t === "text[]" ? `string_to_array(c${i}, ',')` : t === "jsonb" ? `c${i}::jsonb` : `c${i}`;
    });
    const from_ = names.map((n, i) => `$${i + 1}::${["text[]", "jsonb"].includes(columns[n]!.type) ? "text" : columns[n]!.type}[]`);
    await client.query(
      `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(", ")}) SELECT ${select.join(", ")} FROM unnest(${from_.join(", ")}) AS t(${names.map((_, i) => `c${i}`).join(", ")})`,
      params,
    );
  }
}

export interface WrittenFleet {
  plans: number;
  instances: number;
  jobs: number;
  breaching: number;
}

/** Writes the plans, their instances, done steps and synced jobs in one transaction. */
export async function writeLargeFleet(databaseUrl: string, o: LargeFleetOptions, specs: PlanSpec[], placed: BulkSeedPolicy[], createdById: string | null): Promise<WrittenFleet> {
  const plan = columns([
    ["id", "text"], ["name", "text"], ["regionId", "text"], ["mode", "text"], ["scheduleKind", "text"], ["status", "text"], ["config", "jsonb"],
    ["retentionDays", "int4"], ["appConsistent", "bool"], ["replicationRegionId", "text"], ["replicationRetentionDays", "int4"], ["policyId", "text"],
    ["paused", "bool"], ["rpoIntervalS", "int4"], ["rpoStartAt", "timestamp"], ["lastSuccessAt", "timestamp"], ["rpoDueAt", "timestamp"],
    ["createdById", "text"], ["createdAt", "timestamp"], ["updatedAt", "timestamp"],
  ]);
  const instance = columns([
    ["id", "text"], ["planId", "text"], ["instanceId", "text"], ["instanceName", "text"], ["osType", "text"], ["osName", "text"],
    ["protectAllDisks", "bool"], ["diskIds", "text[]"], ["snapshotGroup", "bool"],
  ]);
  const step = columns([
    ["id", "text"], ["planId", "text"], ["seq", "int4"], ["action", "text"], ["target", "text"], ["marker", "text"], ["status", "text"],
    ["cloudId", "text"], ["attempts", "int4"], ["startedAt", "timestamp"], ["finishedAt", "timestamp"], ["updatedAt", "timestamp"],
  ]);
  const job = columns([
    ["id", "text"], ["planId", "text"], ["cloudJobId", "text"], ["instanceId", "text"], ["status", "text"], ["progress", "int4"], ["bytesDone", "int8"],
    ["bytesTotal", "int8"], ["consistencyLevel", "text"], ["downgradeReason", "text"], ["snapshotIds", "text[]"], ["replicaRegionId", "text"],
    ["hbrSnapshotId", "text"], ["snapshotBytes", "int8"], ["expiresAt", "timestamp"], ["tagConsistency", "text"], ["triggerMode", "text"],
    ["cloudCreatedAt", "timestamp"], ["completedAt", "timestamp"], ["syncedAt", "timestamp"],
  ]);
  const push = (cols: Columns, row: Record<string, unknown>) => {
    // ISO strings: cast to "timestamp" they keep their UTC wall time, whatever the client's time zone.
    for (const [k, c] of Object.entries(cols)) c.values.push(row[k] instanceof Date ? row[k].toISOString() : (row[k] ?? null));
  };

  const now = new Date(o.now);
  let breaching = 0;
  specs.forEach((s, k) => {
    const p = placed[k]!;
    const config = configOf(o, s, p);
    const intervalS = intervalSeconds(s.interval);
    const successes = p.jobs.filter((j) => j.status === "COMPLETE").map((j) => seconds(j.completeTime).getTime());
    const lastSuccess = successes.length ? Math.max(...successes) : null;
    // As create-plan.ts sets them and sync-plan-jobs.ts moves them: due = max(last success, start) + 1.5 intervals.
    const rpoDueAt = new Date(Math.max(lastSuccess ?? -Infinity, s.startMs) + RPO_SLACK * intervalS * 1000);
    if (!s.paused && rpoDueAt < now) breaching++;
    const createdAt = new Date(s.startMs - 3_600_000);
    push(plan, {
      id: s.id, name: s.name, regionId: o.regionId, mode: "auto", scheduleKind: "newPolicy", status: "active", config: JSON.stringify(config),
      retentionDays: planRetentionDays(config), appConsistent: s.appConsistent, replicationRegionId: s.replicated ? o.replicationRegionId : null,
      replicationRetentionDays: s.replicated ? 30 : null, policyId: p.policyId, paused: s.paused, rpoIntervalS: intervalS, rpoStartAt: new Date(s.startMs),
      lastSuccessAt: lastSuccess === null ? null : new Date(lastSuccess), rpoDueAt, createdById, createdAt, updatedAt: now,
    });
    for (const i of p.instances)
      push(instance, {
        id: `pin_${randomUUID()}`, planId: s.id, instanceId: i.instanceId, instanceName: i.instanceName, osType: i.osType, osName: i.osName,
        protectAllDisks: true, diskIds: "", snapshotGroup: i.snapshotGroupSupported,
      });
    for (const st of planSteps(s.id, config))
      push(step, {
        id: `stp_${randomUUID()}`, planId: s.id, seq: st.seq, action: st.action, target: st.target, marker: st.marker, status: "done", cloudId: p.policyId,
        attempts: 1, startedAt: createdAt, finishedAt: createdAt, updatedAt: createdAt,
      });
    for (const j of p.jobs) {
      const done = j.status === "COMPLETE";
      push(job, {
        id: `bjob_${randomUUID()}`, planId: s.id, cloudJobId: j.jobId, instanceId: j.instanceId, status: j.status, progress: done ? 10000 : 0,
        bytesDone: done ? j.bytesTotal : 0, bytesTotal: j.bytesTotal, consistencyLevel: j.consistentLevel, downgradeReason: j.downgradeReason || null,
        snapshotIds: j.nativeSnapshotIds.join(","), replicaRegionId: j.replicaRegionId, hbrSnapshotId: j.snapshotId || null, snapshotBytes: j.snapshotBytes,
        expiresAt: j.expireTime === null ? null : seconds(j.expireTime), tagConsistency: done ? j.consistentLevel : null, triggerMode: "SCHEDULE",
        cloudCreatedAt: seconds(j.createdTime), completedAt: seconds(j.completeTime), syncedAt: now,
      });
    }
  });

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await insertRows(client, "plan", plan);
    await insertRows(client, "plan_instance", instance);
    await insertRows(client, "cloud_step", step);
    await insertRows(client, "backup_job", job);
    // The seeded jobs are synced already: the worker's region sync starts after the newest of them.
    const newest = placed.reduce((max, p) => p.jobs.reduce((m, j) => Math.max(m, Math.floor(j.createdTime / 1000)), max), 0);
    await client.query(
      `INSERT INTO "sync_cursor" ("regionId", "lastCreatedTime", "lastRunAt") VALUES ($1, $2, now())
       ON CONFLICT ("regionId") DO UPDATE SET "lastCreatedTime" = GREATEST("sync_cursor"."lastCreatedTime", EXCLUDED."lastCreatedTime")`,
      [o.regionId, newest],
    );
    await client.query("COMMIT");
    // As after any bulk load: without statistics (autovacuum gets to them only later) the planner picks plans
    // that took the dashboard from 0.7 s to over a minute in the first moments after the seed.
    await client.query(`VACUUM ANALYZE "plan", "plan_instance", "cloud_step", "backup_job"`);
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
  return { plans: specs.length, instances: instance.id!.values.length, jobs: job.id!.values.length, breaching };
}

export interface SeededFleet extends WrittenFleet {
  emulatorMs: number;
  databaseMs: number;
}

const BULK_PART = 5_000;

/**
 * The whole large seed: the emulator's bulk seed over HTTP, then the matching rows. Refuses a database that
 * holds these plans already (the emulator refuses a second seed of the same policies too).
 */
export async function seedLargeFleet(target: { databaseUrl: string; emulatorUrl: string; adminToken?: string }, o: LargeFleetOptions): Promise<SeededFleet> {
  const specs = largeFleetLayout(o);
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  let createdById: string | null = null;
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "plan" WHERE "id" = ANY($1)`, [specs.map((s) => s.id)]);
    if (rows[0]!.n > 0) throw new Error(`the database already holds ${rows[0]!.n} of these plans; seed a fresh database`);
    createdById = (await client.query<{ id: string }>(`SELECT "id" FROM "user" WHERE "role" = 'admin' ORDER BY "createdAt" LIMIT 1`)).rows[0]?.id ?? null;
  } finally {
    await client.end();
  }
  const t0 = performance.now();
  // In parts of BULK_PART plans: the emulator takes at most 20,000 policies (and 4 MB) a request.
  const placed: BulkSeedPolicy[] = [];
  const from = { instance: 0, job: 0 };
  for (let i = 0; i < specs.length; i += BULK_PART) {
    const res = await fetch(`${target.emulatorUrl}/__emulator/seed/bulk`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(target.adminToken ? { "x-emulator-admin-token": target.adminToken } : {}) },
      body: JSON.stringify(bulkSeedRequest(o, specs.slice(i, i + BULK_PART), from)),
    });
    const body = (await res.json()) as { policies: BulkSeedPolicy[]; message?: string };
    if (!res.ok) throw new Error(`the emulator refused the bulk seed (${res.status}): ${body.message ?? JSON.stringify(body)}`);
    for (const p of body.policies) {
      placed.push(p);
      from.instance += p.instances.length;
      from.job += p.jobs.length;
    }
  }
  const emulatorMs = performance.now() - t0;
  const written = await writeLargeFleet(target.databaseUrl, o, specs, placed, createdById);
  return { ...written, emulatorMs, databaseMs: performance.now() - t0 - emulatorMs };
}
