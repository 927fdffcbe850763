import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertKind } from "@/lib/schemas/alerts";
import { evaluateAlerts } from "@/lib/server/alerts/evaluate-alerts";
import { getDb } from "@/lib/server/db/client";
import { databaseUrl } from "@/lib/server/env";
import { startBoss } from "@/lib/server/jobs/boss";

// Each rule against hand-made rows in this file's own PostgreSQL: the condition opens exactly one alert (however
// often and however concurrently the evaluation runs), with names in its sentences, one "opened" delivery per
// enabled channel queued in pg-boss; clearing the condition resolves it with one "resolved" delivery each.

let boss: PgBoss;
const db = () => getDb();
const HOUR = 3_600_000;
const uid = () => randomUUID().replaceAll("-", "").slice(0, 12);

beforeAll(async () => {
  boss = await startBoss(databaseUrl(), () => {}, { supervise: false });
  await db().alertChannel.createMany({
    data: [
      { id: "ch_eval1", name: "ops hook", type: "webhook", format: "generic", urlCipher: "x", secretCipher: "x", urlDisplay: "http://127.0.0.1" },
      { id: "ch_eval2", name: "ops mail", type: "email", recipients: ["ops@example.com"] },
      { id: "ch_eval3", name: "off", type: "email", recipients: ["off@example.com"], enabled: false },
    ],
  });
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
});

async function plan(name: string, extra: Record<string, unknown> = {}) {
  const id = `plan_${uid()}`;
  await db().plan.create({
    data: {
      id, name, regionId: "ap-southeast-1", mode: "auto", scheduleKind: "newPolicy", status: "active", config: {}, appConsistent: true, ...extra,
      instances: { create: { id: `pin_${uid()}`, instanceId: `i-${id}`, instanceName: `${name}-vm`, osType: "linux", osName: "CentOS", protectAllDisks: true, diskIds: [] } },
    },
  });
  return { id, instanceId: `i-${id}`, instanceName: `${name}-vm` };
}

async function job(planId: string, instanceId: string, status: string, minutesAgo: number, extra: Record<string, unknown> = {}) {
  const at = new Date(Date.now() - minutesAgo * 60_000);
  await db().backupJob.create({ data: { id: `bjob_${uid()}`, planId, cloudJobId: `job-${uid()}`, instanceId, status, snapshotIds: [], cloudCreatedAt: at, completedAt: at, ...extra } });
}

const openOf = (kind: AlertKind) => db().alert.findMany({ where: { kind, status: "open" } });
const deliveriesOf = (alertId: string) => db().alertDelivery.findMany({ where: { alertId }, orderBy: [{ event: "asc" }, { channelId: "asc" }] });
const queued = async (deliveryIds: string[]) =>
  (await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'alert.deliver' AND data->>'deliveryId' = ANY(${deliveryIds})`)[0]!.n;

/** Runs the evaluation until `kind` has exactly one open alert for the subject; checks names and deliveries. */
async function expectOpened(kind: AlertKind, subjectId: string, words: RegExp) {
  await evaluateAlerts({ db: db(), boss });
  await evaluateAlerts({ db: db(), boss }); // a second pass opens nothing more
  const open = (await openOf(kind)).filter((a) => a.subjectId === subjectId);
  expect(open).toHaveLength(1);
  expect(`${open[0]!.title} ${open[0]!.detail}`).toMatch(words);
  expect(open[0]!.openKey).toBe(`${kind}|${open[0]!.subjectType}:${subjectId}`);
  const ds = await deliveriesOf(open[0]!.id);
  expect(ds.map((d) => [d.channelId, d.event, d.status])).toEqual([
    ["ch_eval1", "opened", "pending"],
    ["ch_eval2", "opened", "pending"],
  ]);
  expect(Number(await queued(ds.map((d) => d.id)))).toBe(2);
  return open[0]!;
}

async function expectResolved(alertId: string, resolution: RegExp) {
  await evaluateAlerts({ db: db(), boss });
  await evaluateAlerts({ db: db(), boss });
  const row = await db().alert.findUniqueOrThrow({ where: { id: alertId } });
  expect(row).toMatchObject({ status: "resolved", openKey: null });
  expect(row.resolvedAt).toBeInstanceOf(Date);
  expect(row.resolution).toMatch(resolution);
  const ds = await deliveriesOf(alertId);
  expect(ds.filter((d) => d.event === "resolved").map((d) => d.channelId)).toEqual(["ch_eval1", "ch_eval2"]);
  expect(Number(await queued(ds.map((d) => d.id)))).toBe(4);
}

describe("alert rules", () => {
  it("backupJobFailed: a plan's newest finished backup failed → one alert naming the plan and instance; a later success resolves it", async () => {
    const p = await plan("payroll");
    await job(p.id, p.instanceId, "COMPLETE", 120, { consistencyLevel: "APPLICATION" });
    await job(p.id, p.instanceId, "FAILED", 60);
    await job(p.id, p.instanceId, "RUNNING", 1); // still running: says nothing yet
    const alert = await expectOpened("backupJobFailed", p.id, /payroll.*payroll-vm/);
    expect(alert.title).toBe("Backup failed in plan payroll");
    await job(p.id, p.instanceId, "COMPLETE", 0, { consistencyLevel: "APPLICATION" });
    await expectResolved(alert.id, /succeeded/);
  });

  it("planFailed: a failed plan → one alert with its error; Active again resolves it", async () => {
    const p = await plan("ledger", { status: "failed", lastError: { code: "Forbidden.RAM", message: "The RAM role is missing" } });
    const alert = await expectOpened("planFailed", p.id, /Plan ledger.*RAM role is missing/);
    await db().plan.update({ where: { id: p.id }, data: { status: "active", lastError: undefined } });
    await expectResolved(alert.id, /no longer failed/);
  });

  it("rpoBreached: active, not paused, past its RPO → one alert; paused plans never; a backup resolves it", async () => {
    const p = await plan("crm", { rpoDueAt: new Date(Date.now() - HOUR), rpoIntervalS: 86400, lastSuccessAt: new Date(Date.now() - 40 * HOUR) });
    const paused = await plan("crm-paused", { paused: true, rpoDueAt: new Date(Date.now() - HOUR) });
    const alert = await expectOpened("rpoBreached", p.id, /RPO breached in plan crm/);
    expect((await openOf("rpoBreached")).filter((a) => a.subjectId === paused.id)).toEqual([]);
    await db().plan.update({ where: { id: p.id }, data: { rpoDueAt: new Date(Date.now() + 20 * HOUR) } });
    await expectResolved(alert.id, /within its RPO/);
  });

  it("belowPredicted: the newest successful backup below its prediction → one alert; one that reaches it resolves it", async () => {
    const p = await plan("erp");
    await job(p.id, p.instanceId, "COMPLETE", 30, { consistencyLevel: "CRASH", predictedLevel: "APPLICATION" });
    const alert = await expectOpened("belowPredicted", p.id, /erp-vm's newest backup is crash-consistent, application-consistent was predicted/);
    await job(p.id, p.instanceId, "COMPLETE", 0, { consistencyLevel: "APPLICATION", predictedLevel: "APPLICATION" });
    await expectResolved(alert.id, /reached the predicted/);
  });

  it("instanceUnprotected: unprotected longer than the threshold → one alert naming the instance; protected resolves it", async () => {
    const row = (id: string, name: string, hoursAgo: number) => ({
      instanceId: id, regionId: "ap-southeast-1", name, status: "Running", osType: "linux", osName: "CentOS", zoneId: "ap-southeast-1a", tags: [],
      state: "unprotected", stateSince: new Date(Date.now() - hoursAgo * HOUR), seenAt: new Date(),
    });
    await db().inventoryInstance.createMany({ data: [row("i-old0001", "billing-db", 30), row("i-new0001", "fresh-vm", 2)] });
    const alert = await expectOpened("instanceUnprotected", "i-old0001", /Instance billing-db is unprotected/);
    // Within the default 24 h: no alert yet.
    expect((await openOf("instanceUnprotected")).map((a) => a.subjectId)).toEqual(["i-old0001"]);
    await db().inventoryInstance.update({ where: { instanceId: "i-old0001" }, data: { state: "protected", stateSince: new Date() } });
    await expectResolved(alert.id, /protected now/);
  });

  it("restoreFailed: a failed restore → one alert; a successful retry resolves it", async () => {
    const p = await plan("files");
    const id = `rst_${uid()}`;
    await db().restore.create({
      data: {
        id, kind: "disks", status: "failed", restoreType: "UDM_ECS_DISK", backupJobId: "bjob_x", planId: p.id, hbrSnapshotId: "s-1", sourceInstanceId: p.instanceId,
        sourceRegionId: "ap-southeast-1", restoreRegionId: "ap-southeast-1", request: {}, backupPoint: { instanceName: "files-vm" }, steps: [],
        lastError: { message: "The disk quota is exceeded." }, finishedAt: new Date(),
      },
    });
    const alert = await expectOpened("restoreFailed", id, /Restore of files-vm failed.*plan files.*disk quota is exceeded/);
    await db().restore.update({ where: { id }, data: { status: "succeeded" } });
    await expectResolved(alert.id, /retried successfully/);
  });

  it("drillFailed: a plan's newest drill failed → one alert; a drill that passes resolves it", async () => {
    const p = await plan("web");
    const drill = (status: string, minutesAgo: number) =>
      db().drillRun.create({
        data: {
          id: `drl_${uid()}`, planId: p.id, regionId: "ap-southeast-1", instanceId: p.instanceId, instanceName: p.instanceName, status, steps: [], probe: {},
          restoreRegionId: "ap-southeast-1", createdAt: new Date(Date.now() - minutesAgo * 60_000), finishedAt: new Date(), lastError: status === "failed" ? { message: "The probe exited 1" } : undefined,
        },
      });
    await drill("failed", 10);
    const alert = await expectOpened("drillFailed", p.id, /drill of web-vm in plan web failed.*probe exited 1/);
    await drill("passed", 0);
    await expectResolved(alert.id, /drill passed/);
  });
});

describe("dedup and rules", () => {
  it("five evaluations at once open one alert and one delivery per channel", async () => {
    const p = await plan("race");
    await job(p.id, p.instanceId, "FAILED", 5);
    await Promise.all(Array.from({ length: 5 }, () => evaluateAlerts({ db: db(), boss })));
    const open = (await openOf("backupJobFailed")).filter((a) => a.subjectId === p.id);
    expect(open).toHaveLength(1);
    expect(await deliveriesOf(open[0]!.id)).toHaveLength(2);
    await job(p.id, p.instanceId, "COMPLETE", 0);
    await Promise.all(Array.from({ length: 5 }, () => evaluateAlerts({ db: db(), boss })));
    expect((await deliveriesOf(open[0]!.id)).filter((d) => d.event === "resolved")).toHaveLength(2);
  });

  it("a rule turned off resolves its open alerts without notices and opens nothing new; on again, it opens a new one", async () => {
    const p = await plan("quiet", { status: "failed" });
    const alert = await expectOpened("planFailed", p.id, /quiet/);
    await db().alertRule.create({ data: { kind: "planFailed", enabled: false } });
    await evaluateAlerts({ db: db(), boss });
    expect(await db().alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ status: "resolved", resolution: "The rule was turned off." });
    expect((await deliveriesOf(alert.id)).map((d) => d.event)).toEqual(["opened", "opened"]);
    const other = await plan("quiet-2", { status: "failed" });
    await evaluateAlerts({ db: db(), boss });
    expect(await db().alert.count({ where: { subjectId: other.id } })).toBe(0);
    await db().alertRule.update({ where: { kind: "planFailed" }, data: { enabled: true } });
    await evaluateAlerts({ db: db(), boss });
    const reopened = await db().alert.findMany({ where: { subjectId: p.id }, orderBy: { openedAt: "asc" } });
    expect(reopened.map((a) => a.status)).toEqual(["resolved", "open"]);
  });
});
