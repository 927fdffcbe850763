import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDashboard } from "@/lib/server/dashboard/get-dashboard";
import { isRpoBreached, rpoDueAt } from "@/lib/schemas/rpo";
import { getDb } from "@/lib/server/db/client";

// A hand-made history with known answers, on this file's own database. Daily plans (RPO: 1.5 days):
//   A  Singapore, starts 06-20, succeeds 06-20..06-22, then nothing: breaches from 06-23 13:00 on.
//   B  Singapore, starts 06-01, succeeds daily except 06-10 (that run FAILED): breaches only on 06-10 evening.
//   C  Singapore, paused, never succeeded: would breach, but paused plans never count.
//   E  Hong Kong, starts 06-25, never succeeded: breaches from 06-26 12:00 (counted for all regions only).
//   F  Singapore, Start Time 06-01 but made on 06-15, never succeeded: breaches from its creation on.
//   M  Singapore, Manual Backup: no cadence, never breaches.
const NOW = new Date("2030-06-30T12:00:00Z");
const DAY = 86_400_000;
const at = (day: string, time = "01:00") => new Date(`2030-${day}T${time}:00Z`);
const schedule = (start: Date) => ({ intervalMs: DAY, startMs: start.getTime() });

interface Fixture {
  key: string;
  regionId: string;
  start: Date | null;
  createdAt: Date;
  paused?: boolean;
  successes: { at: Date; level: string }[];
  failures?: Date[];
  /** The level the prerequisite checklist predicted for the plan's backups. */
  predicted?: string;
}
const days = (from: number, to: number, skip: number[] = []) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((d) => !skip.includes(d)).map((d) => `06-${String(d).padStart(2, "0")}`);
const fixtures: Fixture[] = [
  { key: "A", regionId: "ap-southeast-1", start: at("06-20", "00:00"), createdAt: at("06-19", "23:00"), successes: days(20, 22).map((d) => ({ at: at(d), level: "FILE_SYSTEM" })), predicted: "APPLICATION" },
  {
    key: "B", regionId: "ap-southeast-1", start: at("06-01", "00:00"), createdAt: at("05-31", "23:00"),
    successes: days(1, 30, [10]).map((d) => ({ at: at(d), level: "APPLICATION" })), failures: [at("06-10", "00:55")], predicted: "APPLICATION",
  },
  { key: "C", regionId: "ap-southeast-1", start: at("06-01", "00:00"), createdAt: at("05-31", "23:00"), paused: true, successes: [] },
  { key: "E", regionId: "cn-hongkong", start: at("06-25", "00:00"), createdAt: at("06-24", "23:00"), successes: [] },
  { key: "F", regionId: "ap-southeast-1", start: at("06-01", "00:00"), createdAt: at("06-15", "10:00"), successes: [] },
  { key: "M", regionId: "ap-southeast-1", start: null, createdAt: at("06-01", "00:00"), successes: [{ at: at("06-05"), level: "CRASH" }] },
];

beforeAll(async () => {
  const db = getDb();
  for (const f of fixtures) {
    const last = f.successes.at(-1)?.at ?? null;
    const id = `plan_dash${f.key}`;
    await db.plan.create({
      data: {
        id, name: `dashboard-${f.key}`, regionId: f.regionId, mode: f.start ? "auto" : "manual", scheduleKind: f.start ? "newPolicy" : "manual",
        status: "active", config: {}, appConsistent: false, paused: f.paused ?? false, createdAt: f.createdAt,
        rpoIntervalS: f.start ? DAY / 1000 : null, rpoStartAt: f.start, lastSuccessAt: last,
        rpoDueAt: f.start ? rpoDueAt(schedule(f.start), last?.getTime() ?? null) : null,
        instances: { create: { id: `pin_${randomUUID()}`, instanceId: `i-dash${f.key}`, instanceName: f.key, osType: "linux", osName: "CentOS 7.9 64 bit", protectAllDisks: true, diskIds: [] } },
      },
    });
    const job = (status: string, createdAt: Date, completedAt: Date | null, level: string | null) => ({
      id: `bjob_${randomUUID()}`, planId: id, cloudJobId: `job-000${randomUUID()}`, instanceId: `i-dash${f.key}`, status, snapshotIds: [],
      cloudCreatedAt: createdAt, completedAt, consistencyLevel: level, predictedLevel: f.predicted ?? null,
    });
    await db.backupJob.createMany({
      data: [
        ...f.successes.map((s) => job("COMPLETE", new Date(s.at.getTime() - 5 * 60_000), s.at, s.level)),
        ...(f.failures ?? []).map((t) => job("FAILED", t, new Date(t.getTime() + 60_000), null)),
      ],
    });
  }
  // One job of B still running: it counts in the last 24 hours, not as a backup.
  await db.backupJob.create({
    data: { id: `bjob_${randomUUID()}`, planId: "plan_dashB", cloudJobId: "job-000running", instanceId: "i-dashB", status: "RUNNING", snapshotIds: [], cloudCreatedAt: at("06-30", "11:00") },
  });
});

/** The rule of rpo.ts applied plan by plan, as an oracle for the SQL. */
function expectedBreaches(regionId: string | undefined, atMs: number): number {
  return fixtures.filter(
    (f) => f.start && !f.paused && (!regionId || f.regionId === regionId) && f.createdAt.getTime() <= atMs &&
      isRpoBreached(schedule(f.start), f.successes.map((s) => s.at.getTime()), atMs),
  ).length;
}

describe("getDashboard", () => {
  it("counts RPO breaches now and per day in SQL, never for paused plans", async () => {
    const dashboard = await getDashboard(getDb(), "ap-southeast-1", NOW);
    expect(dashboard.rpoBreaches).toBe(2); // A and F; C is paused
    const perDay = Object.fromEntries(dashboard.rpoBreachesPerDay.map((d) => [d.date, d.breaches]));
    expect(dashboard.rpoBreachesPerDay).toHaveLength(30);
    expect(dashboard.rpoBreachesPerDay[0]!.date).toBe("2030-06-01");
    expect(perDay["2030-06-09"]).toBe(0);
    expect(perDay["2030-06-10"]).toBe(1); // B's missed run
    expect(perDay["2030-06-11"]).toBe(0);
    expect(perDay["2030-06-14"]).toBe(0);
    expect(perDay["2030-06-15"]).toBe(1); // F, from its creation
    expect(perDay["2030-06-22"]).toBe(1);
    expect(perDay["2030-06-23"]).toBe(2); // A, 36 hours after its last success
    expect(perDay["2030-06-30"]).toBe(2);
    for (const d of dashboard.rpoBreachesPerDay) {
      const end = Math.min(Date.parse(`${d.date}T23:59:59Z`), NOW.getTime());
      expect(d.breaches, d.date).toBe(expectedBreaches("ap-southeast-1", end));
    }
  });

  it("adds other regions' breaches when no region is chosen", async () => {
    const dashboard = await getDashboard(getDb(), undefined, NOW);
    expect(dashboard.rpoBreaches).toBe(3); // A, F and E
    const perDay = Object.fromEntries(dashboard.rpoBreachesPerDay.map((d) => [d.date, d.breaches]));
    expect(perDay["2030-06-25"]).toBe(2); // A and F
    expect(perDay["2030-06-26"]).toBe(3); // and E, 36 hours after its Start Time
    expect(perDay["2030-06-30"]).toBe(3);
    for (const d of dashboard.rpoBreachesPerDay) {
      const end = Math.min(Date.parse(`${d.date}T23:59:59Z`), NOW.getTime());
      expect(d.breaches, d.date).toBe(expectedBreaches(undefined, end));
    }
  });

  it("counts backups per day by level, failures, the last 24 hours and the application-consistent share", async () => {
    const dashboard = await getDashboard(getDb(), "ap-southeast-1", NOW);
    expect(dashboard.totalPlans).toBe(5);
    expect(dashboard.plansByStatus.active).toBe(5);
    expect(dashboard.protectedInstances).toBe(5);
    expect(dashboard.jobsLast24h).toEqual({ succeeded: 1, failed: 0, running: 1 });
    expect(dashboard.appConsistentLast30d).toEqual({ application: 29, finished: 33, share: 29 / 33 });
    const perDay = Object.fromEntries(dashboard.backupsPerDay.map((d) => [d.date, d]));
    expect(perDay["2030-06-10"]).toEqual({ date: "2030-06-10", APPLICATION: 0, FILE_SYSTEM: 0, CRASH: 0, FAILED: 1 });
    expect(perDay["2030-06-21"]).toEqual({ date: "2030-06-21", APPLICATION: 1, FILE_SYSTEM: 1, CRASH: 0, FAILED: 0 });
    expect(perDay["2030-06-05"]).toEqual({ date: "2030-06-05", APPLICATION: 1, FILE_SYSTEM: 0, CRASH: 1, FAILED: 0 });
  });

  it("flags backups that reached another level than predicted, newest first", async () => {
    const { consistencyMismatches } = await getDashboard(getDb(), "ap-southeast-1", NOW);
    // A was predicted application-consistent and reached file-system consistency three times; B as predicted.
    expect(consistencyMismatches.count).toBe(3);
    expect(consistencyMismatches.recent.map((m) => m.completedAt)).toEqual([at("06-22"), at("06-21"), at("06-20")].map((d) => d.toISOString()));
    expect(consistencyMismatches.recent[0]).toMatchObject({ planId: "plan_dashA", planName: "dashboard-A", regionId: "ap-southeast-1", instanceId: "i-dashA", predictedLevel: "APPLICATION", consistencyLevel: "FILE_SYSTEM" });
    expect((await getDashboard(getDb(), "cn-hongkong", NOW)).consistencyMismatches).toEqual({ count: 0, recent: [] });
  });
});
