import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { jobFiltersSchema, jobListQuerySchema } from "@/lib/schemas/jobs";
import { getDb } from "@/lib/server/db/client";
import { JOBS_LIST_CSV_HEADER, OTHER_JOBS_CSV_HEADER, jobsListCsv, listJobs } from "@/lib/server/jobs-list/list-jobs";

// Two plans in two regions with known jobs, on this file's own database.
const query = (input: Record<string, unknown> = {}) => jobListQuerySchema.parse(input);

interface Fixture {
  cloudJobId: string;
  planId: string;
  instanceId: string;
  status: string;
  createdAt: string;
  level?: string | null;
  reason?: string;
}
const fixtures: Fixture[] = [
  { cloudJobId: "job-sg-1", planId: "plan_jobsSg", instanceId: "i-sg1", status: "COMPLETE", createdAt: "2030-03-01T01:00:00Z", level: "APPLICATION" },
  { cloudJobId: "job-sg-2", planId: "plan_jobsSg", instanceId: "i-sg2", status: "COMPLETE", createdAt: "2030-03-01T23:59:59Z", level: "FILE_SYSTEM", reason: "=HBR.NoRamRoleBound, \"x\"" },
  { cloudJobId: "job-sg-3", planId: "plan_jobsSg", instanceId: "i-sg1", status: "FAILED", createdAt: "2030-03-02T00:00:00Z" },
  { cloudJobId: "job-hk-1", planId: "plan_jobsHk", instanceId: "i-hk1", status: "RUNNING", createdAt: "2030-03-03T10:00:00Z" },
  { cloudJobId: "job-hk-2", planId: "plan_jobsHk", instanceId: "i-hk1", status: "COMPLETE", createdAt: "2030-03-02T12:00:00Z", level: "CRASH" },
];

beforeAll(async () => {
  const db = getDb();
  for (const [id, regionId] of [["plan_jobsSg", "ap-southeast-1"], ["plan_jobsHk", "cn-hongkong"]] as const) {
    await db.plan.create({ data: { id, name: `jobs ${regionId}`, regionId, mode: "manual", scheduleKind: "manual", status: "active", config: {}, appConsistent: false } });
  }
  await db.backupJob.createMany({
    data: fixtures.map((f) => ({
      id: `bjob_${randomUUID()}`,
      planId: f.planId,
      cloudJobId: f.cloudJobId,
      instanceId: f.instanceId,
      status: f.status,
      progress: f.status === "RUNNING" ? 4_200 : 10_000,
      consistencyLevel: f.level ?? null,
      downgradeReason: f.reason ?? null,
      snapshotIds: [],
      cloudCreatedAt: new Date(f.createdAt),
      completedAt: f.status === "RUNNING" ? null : new Date(Date.parse(f.createdAt) + 60_000),
    })),
  });
  const restore = (id: string, planId: string, status: string, createdAt: string) => ({
    id, kind: "newInstance", status, progress: status === "running" ? 40 : 100, restoreType: "UDM_ECS", backupJobId: "job-sg-1", planId, hbrSnapshotId: "s-1",
    sourceInstanceId: "i-sg1", sourceRegionId: "ap-southeast-1", restoreRegionId: "ap-southeast-1", request: {}, backupPoint: {}, steps: [], createdAt: new Date(createdAt),
    finishedAt: status === "running" ? null : new Date(Date.parse(createdAt) + 60_000),
  });
  await db.restore.createMany({
    data: [restore("rst_a", "plan_jobsSg", "succeeded", "2030-03-04T00:00:00Z"), restore("rst_b", "plan_jobsSg", "running", "2030-03-05T00:00:00Z"), restore("rst_gone", "plan_deleted", "failed", "2030-03-01T00:00:00Z")],
  });
  await db.drillRun.create({ data: { id: "drl_a", planId: "plan_jobsHk", regionId: "cn-hongkong", instanceId: "i-hk1", status: "passed", steps: [], probe: {}, restoreRegionId: "cn-hongkong", createdAt: new Date("2030-03-06T00:00:00Z") } });
});

const ids = (list: { jobs: { jobId: string }[] }) => list.jobs.map((j) => j.jobId);

describe("listJobs", () => {
  it("lists every plan's jobs newest first, each with its plan and region", async () => {
    const list = await listJobs(getDb(), query());
    expect(ids(list)).toEqual(["job-hk-1", "job-hk-2", "job-sg-3", "job-sg-2", "job-sg-1"]);
    expect(list.total).toBe(5);
    expect(list.jobs[0]).toMatchObject({ planId: "plan_jobsHk", planName: "jobs cn-hongkong", regionId: "cn-hongkong", instanceId: "i-hk1", status: "RUNNING", progress: 4_200, completedAt: null });
    expect(list.jobs[3]).toMatchObject({ consistencyLevel: "FILE_SYSTEM", downgradeReason: "=HBR.NoRamRoleBound, \"x\"", createdAt: "2030-03-01T23:59:59.000Z" });
  });

  it("filters by status, region, plan, instance and consistency level", async () => {
    expect(ids(await listJobs(getDb(), query({ status: "COMPLETE" })))).toEqual(["job-hk-2", "job-sg-2", "job-sg-1"]);
    expect(ids(await listJobs(getDb(), query({ regionId: "ap-southeast-1" })))).toEqual(["job-sg-3", "job-sg-2", "job-sg-1"]);
    expect(ids(await listJobs(getDb(), query({ planId: "plan_jobsHk" })))).toEqual(["job-hk-1", "job-hk-2"]);
    expect(ids(await listJobs(getDb(), query({ instanceId: "i-sg1" })))).toEqual(["job-sg-3", "job-sg-1"]);
    expect(ids(await listJobs(getDb(), query({ consistency: "CRASH" })))).toEqual(["job-hk-2"]);
    expect(ids(await listJobs(getDb(), query({ consistency: "unknown" })))).toEqual(["job-hk-1", "job-sg-3"]);
    expect((await listJobs(getDb(), query({ regionId: "cn-hongkong", status: "FAILED" }))).total).toBe(0);
  });

  it("filters on the creation time: a from day starts at its midnight UTC, a to day includes all of it, an instant is exclusive", async () => {
    expect(ids(await listJobs(getDb(), query({ to: "2030-03-01" })))).toEqual(["job-sg-2", "job-sg-1"]);
    expect(ids(await listJobs(getDb(), query({ from: "2030-03-02" })))).toEqual(["job-hk-1", "job-hk-2", "job-sg-3"]);
    expect(ids(await listJobs(getDb(), query({ from: "2030-03-02", to: "2030-03-02" })))).toEqual(["job-hk-2", "job-sg-3"]);
    expect(ids(await listJobs(getDb(), query({ from: "2030-03-01T01:00:00Z", to: "2030-03-02T00:00:00Z" })))).toEqual(["job-sg-2", "job-sg-1"]);
  });

  it("takes the far ends of the calendar without failing", async () => {
    expect(ids(await listJobs(getDb(), query({ from: "0001-01-01", to: "9999-12-31" })))).toHaveLength(5);
    expect(ids(await listJobs(getDb(), query({ from: "9999-12-31T23:59:59+14:00" })))).toEqual([]);
  });

  it("pages server-side with the total of the whole filter", async () => {
    const first = await listJobs(getDb(), query({ pageSize: 2 }));
    const second = await listJobs(getDb(), query({ pageSize: 2, page: 2 }));
    const third = await listJobs(getDb(), query({ pageSize: "2", page: "3" }));
    expect([ids(first), ids(second), ids(third)]).toEqual([["job-hk-1", "job-hk-2"], ["job-sg-3", "job-sg-2"], ["job-sg-1"]]);
    expect([first.total, second.total, third.total]).toEqual([5, 5, 5]);
    expect(ids(await listJobs(getDb(), query({ pageSize: 2, page: 9 })))).toEqual([]);
  });

  it("refuses bad filters with the field that is wrong", () => {
    const fields = (input: Record<string, unknown>) => {
      const r = jobListQuerySchema.safeParse(input);
      return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
    };
    expect(fields({ status: "DONE" })).toEqual(["status"]);
    expect(fields({ regionId: "mars" })).toEqual(["regionId"]);
    expect(fields({ planId: "x'; drop" })).toEqual(["planId"]);
    expect(fields({ instanceId: "vm-1" })).toEqual(["instanceId"]);
    expect(fields({ consistency: "GOOD" })).toEqual(["consistency"]);
    expect(fields({ from: "yesterday" })).toEqual(["from"]);
    expect(fields({ from: "2030-03-02", to: "2030-03-01" })).toEqual(["to"]);
    expect(fields({ page: "0" })).toEqual(["page"]);
    expect(fields({ pageSize: "1000" })).toEqual(["pageSize"]);
  });
});

describe("listJobs of restores and drills", () => {
  it("lists restores or drills instead of backup jobs, newest first, with their plan's name (null once the plan is gone)", async () => {
    const restores = await listJobs(getDb(), query({ type: "restore" }));
    expect(ids(restores)).toEqual(["rst_b", "rst_a", "rst_gone"]);
    expect(restores.jobs[0]).toEqual({
      type: "restore", jobId: "rst_b", status: "running", progress: 40, regionId: "ap-southeast-1", planId: "plan_jobsSg", planName: "jobs ap-southeast-1",
      instanceId: "i-sg1", createdAt: "2030-03-05T00:00:00.000Z", completedAt: null,
    });
    expect(restores.jobs[2]).toMatchObject({ planId: "plan_deleted", planName: null });
    expect(ids(await listJobs(getDb(), query({ type: "restore", status: "succeeded" })))).toEqual(["rst_a"]);
    expect(ids(await listJobs(getDb(), query({ type: "restore", to: "2030-03-04" })))).toEqual(["rst_a", "rst_gone"]);
    expect(ids(await listJobs(getDb(), query({ type: "restore", pageSize: 1, page: 2 })))).toEqual(["rst_a"]);
    const drills = await listJobs(getDb(), query({ type: "drill", regionId: "cn-hongkong" }));
    expect(drills.jobs).toEqual([expect.objectContaining({ type: "drill", jobId: "drl_a", status: "passed", progress: null, planName: "jobs cn-hongkong", instanceId: "i-hk1" })]);
    expect((await listJobs(getDb(), query({ type: "drill", planId: "plan_jobsSg" }))).total).toBe(0);
    // Backup jobs stay the default.
    expect((await listJobs(getDb(), query({ type: "backup" }))).total).toBe(5);
  });

  it("refuses a status of another type and a consistency level for restores or drills", () => {
    const fields = (input: Record<string, unknown>) => {
      const r = jobListQuerySchema.safeParse(input);
      return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
    };
    expect(fields({ type: "restore", status: "COMPLETE" })).toEqual(["status"]);
    expect(fields({ status: "succeeded" })).toEqual(["status"]);
    expect(fields({ type: "drill", consistency: "CRASH" })).toEqual(["consistency"]);
    expect(fields({ type: "restores" })).toEqual(["type"]);
    expect(fields({ type: "drill", status: "passed" })).toEqual([]);
  });

  it("exports restores as CSV with their own header row", async () => {
    const lines = (await jobsListCsv(getDb(), jobFiltersSchema.parse({ type: "restore", status: "succeeded" }))).split("\r\n");
    expect(lines[0]).toBe(OTHER_JOBS_CSV_HEADER.join(","));
    expect(lines[1]).toBe("restore,rst_a,succeeded,100,ap-southeast-1,plan_jobsSg,jobs ap-southeast-1,i-sg1,2030-03-04T00:00:00.000Z,2030-03-04T00:01:00.000Z");
    expect(lines).toHaveLength(3);
  });
});

describe("jobsListCsv", () => {
  it("writes the filtered jobs newest first as RFC 4180 CSV with a header row, formulas defused", async () => {
    const csv = await jobsListCsv(getDb(), jobFiltersSchema.parse({ regionId: "ap-southeast-1" }));
    const lines = csv.split("\r\n");
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(lines[0]).toBe(JOBS_LIST_CSV_HEADER.map((h) => (h.includes(",") ? `"${h}"` : h)).join(","));
    expect(lines[0]!.startsWith("Plan ID,Plan name,Region,Job ID,Instance ID,Status")).toBe(true);
    expect(lines.slice(1, -1).map((l) => l.split(",")[3])).toEqual(["job-sg-3", "job-sg-2", "job-sg-1"]);
    expect(lines[1]).toMatch(/^plan_jobsSg,jobs ap-southeast-1,ap-southeast-1,job-sg-3,i-sg1,FAILED,100,/);
    // The downgrade reason holds a comma and quotes and starts with "=": quoted, quotes doubled, apostrophe first.
    expect(lines[2]).toContain(`,FILE_SYSTEM,"'=HBR.NoRamRoleBound, ""x""",`);
    expect(lines[2]).toContain(",2030-03-01T23:59:59.000Z,2030-03-02T00:00:59.000Z");
  });

  it("is only the header row when nothing matches", async () => {
    const csv = await jobsListCsv(getDb(), jobFiltersSchema.parse({ status: "EXPIRED" }));
    expect(csv.split("\r\n")).toHaveLength(2);
  });
});
