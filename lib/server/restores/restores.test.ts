import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import type { BackupJob } from "@/generated/prisma/client";
import { createRestoreSchema, rollbackNameMismatchMessage, rollbackRunningMessage, type CreateRestoreInput } from "@/lib/schemas/restore";
import { $Ecs, createCloudClients } from "@/lib/server/cloud/clients";
import { getDb } from "@/lib/server/db/client";
import { parseEnv } from "@/lib/server/env";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { listBackupPoints } from "@/lib/server/restores/backup-points";
import { createRestore, listRestores, newRestoreId } from "@/lib/server/restores/request-restore";
import { initialSteps } from "@/lib/server/restores/restore-dto";
import { getRestoreOptions } from "@/lib/server/restores/restore-options";
import { runRestore } from "@/lib/server/restores/run-restore";
import { setUpPlanWorld } from "@/lib/server/testing/plan-world";
import { backupPointOf } from "@/lib/server/testing/restore-world";
import { signedInUser } from "@/lib/server/testing/users";

// POST /api/restores refuses every invalid combination with a 422 on the field it is about (never a 500), checked
// against the live emulator: the backup point, the region, the zone's offer, the network, the instance and its name.

const world = setUpPlanWorld();
const deps = () => ({ db: getDb(), boss: world.boss, cloud: world.cloud });
const SG = "ap-southeast-1";
// Singapore's demo network (emulator/scenario/network.ts): zone a sells cloud_ssd, zone c does not sell ecs.r7.large.
const net = {
  zoneA: "ap-southeast-1-a",
  zoneB: "ap-southeast-1-b",
  zoneC: "ap-southeast-1-c",
  vswA: "vsw-apsoutheast1ademo",
  vswB: "vsw-apsoutheast1bdemo",
  vswC: "vsw-apsoutheast1cdemo",
  sg: "sg-apsoutheast1demo",
  drillSg: "sg-apsoutheast1drill",
};
const source = "i-t4ndemo000000003";
const other = "i-t4ndemo000000004";

let point: Promise<BackupJob> | undefined;
const backupPoint = () => (point ??= backupPointOf(world, SG, source));

const newInstance = (bj: BackupJob, patch: Partial<Record<string, unknown>> = {}) =>
  createRestoreSchema.parse({
    kind: "newInstance",
    backupJobId: bj.id,
    restoreRegionId: SG,
    zoneId: net.zoneA,
    instanceType: "ecs.g7.large",
    vSwitchId: net.vswA,
    securityGroupId: net.sg,
    instanceName: `restored-${Date.now()}`,
    hostName: "restored-host",
    ...patch,
  } as CreateRestoreInput);

async function refusal(input: ReturnType<typeof createRestoreSchema.parse>) {
  const err = (await createRestore(deps(), input, { id: world.admin.id }).catch((e: unknown) => e)) as { status?: number; fieldErrors?: Record<string, string[]> };
  expect(err, "expected a refusal").toBeInstanceOf(Error);
  return err;
}

describe("backup points", () => {
  it("lists the console's unexpired backup points, newest first, with plan, instance, disks and expiry", async () => {
    const bj = await backupPoint();
    const { items, total } = await listBackupPoints(deps(), { instanceId: source });
    expect(total).toBeGreaterThanOrEqual(1);
    const bp = items.find((i) => i.backupJobId === bj.id)!;
    expect(bp).toMatchObject({ instanceId: source, regionId: SG, hbrSnapshotId: bj.hbrSnapshotId, replicaRegionId: null, planId: bj.planId });
    expect(bp.planName).toMatch(/^restore-src-/);
    expect(bp.instanceName).toBeTruthy();
    expect(bp.diskIds.length).toBeGreaterThan(0);
    expect(bp.diskIds.every((d) => d.startsWith("d-"))).toBe(true);
    expect(bp.expiresAt).not.toBeNull();
  });
});

describe("POST /api/restores refuses what cannot be restored, on the field it is about", () => {
  it("an unknown or expired backup point, or a region that is neither the backup's nor its replica's", async () => {
    const bj = await backupPoint();
    expect((await refusal(newInstance({ ...bj, id: "bjob_nosuch" }))).fieldErrors).toHaveProperty("backupJobId");
    expect((await refusal(newInstance(bj, { restoreRegionId: "cn-hongkong" }))).fieldErrors?.restoreRegionId?.[0]).toMatch(/no replica in another region: restore in ap-southeast-1/);
    const expired = await backupPointOf(world, SG, other);
    await getDb().backupJob.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    const err = await refusal(newInstance(expired));
    expect(err).toMatchObject({ status: 422 });
    expect(err.fieldErrors?.backupJobId?.[0]).toMatch(/expired/);
    expect((await listBackupPoints(deps(), { instanceId: other })).items.map((i) => i.backupJobId)).not.toContain(expired.id);
  });

  it("new instance: vSwitch of another zone, security group of another VPC, instance type and disk category the zone lacks, IP outside the CIDR", async () => {
    const bj = await backupPoint();
    expect((await refusal(newInstance(bj, { vSwitchId: net.vswB }))).fieldErrors?.vSwitchId?.[0]).toMatch(/is in ap-southeast-1-b, not in ap-southeast-1-a/);
    expect((await refusal(newInstance(bj, { vSwitchId: "vsw-nosuch" }))).fieldErrors).toHaveProperty("vSwitchId");
    expect((await refusal(newInstance(bj, { securityGroupId: net.drillSg }))).fieldErrors?.securityGroupId?.[0]).toMatch(/not in the vSwitch's VPC/);
    expect((await refusal(newInstance(bj, { zoneId: net.zoneC, vSwitchId: net.vswC, instanceType: "ecs.r7.large" }))).fieldErrors).toHaveProperty("instanceType");
    expect((await refusal(newInstance(bj, { zoneId: net.zoneB, vSwitchId: net.vswB, diskCategory: "cloud_ssd" }))).fieldErrors).toHaveProperty("diskCategory");
    const ip = await refusal(newInstance(bj, { privateIpAddress: "10.9.9.9" }));
    expect(ip).toMatchObject({ status: 422 });
    expect(ip.fieldErrors?.privateIpAddress?.[0]).toMatch(/CIDR/);
    // Every refusal at once, each on its field.
    const all = await refusal(newInstance(bj, { zoneId: net.zoneB, vSwitchId: net.vswB, diskCategory: "cloud_ssd", securityGroupId: net.drillSg }));
    expect(Object.keys(all.fieldErrors ?? {}).sort()).toEqual(["diskCategory", "securityGroupId"]);
    expect(await getDb().restore.count({ where: { backupJobId: bj.id, kind: "newInstance" } })).toBe(0);
  });

  it("rollback: the typed name must match the instance's current name, and a Running instance must be stopped", async () => {
    const bj = await backupPoint();
    const base = { kind: "rollback", backupJobId: bj.id, restoreRegionId: SG } as const;
    const name = (await getDb().planInstance.findFirstOrThrow({ where: { planId: bj.planId, instanceId: source } })).instanceName;
    const mismatch = await refusal(createRestoreSchema.parse({ ...base, confirmInstanceName: `${name}-typo` }));
    expect(mismatch.fieldErrors).toEqual({ confirmInstanceName: [rollbackNameMismatchMessage(name)] });
    const running = await refusal(createRestoreSchema.parse({ ...base, confirmInstanceName: name, stopInstance: false }));
    expect(running.fieldErrors).toEqual({ stopInstance: [rollbackRunningMessage] });
  });

  it("rollback: only in the backup's own region (not its replica's), and only of an instance that still exists", async () => {
    const replicated = await backupPointOf(world, SG, "i-t4ndemo000000006", { replicateTo: "cn-hongkong" });
    const base = { kind: "rollback", backupJobId: replicated.id, confirmInstanceName: "sg-alinux2-app" } as const;
    const elsewhere = await refusal(createRestoreSchema.parse({ ...base, restoreRegionId: "cn-hongkong" }));
    expect(elsewhere.fieldErrors?.restoreRegionId?.[0]).toMatch(/own region, ap-southeast-1/);
    await world.cloud.ecs(SG).deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: "i-t4ndemo000000006", force: true }));
    const gone = await refusal(createRestoreSchema.parse({ ...base, restoreRegionId: SG }));
    expect(gone).toMatchObject({ status: 422 });
    expect(gone.fieldErrors?.backupJobId?.[0]).toMatch(/no longer exists/);
  });

  it("disks: the target must be an instance of the region, and its own instance must be stopped for an in-place rollback", async () => {
    const bj = await backupPoint();
    const base = { kind: "disks", backupJobId: bj.id, restoreRegionId: SG } as const;
    expect((await refusal(createRestoreSchema.parse({ ...base, targetInstanceId: "i-nosuchinstance" }))).fieldErrors).toHaveProperty("targetInstanceId");
    // The backup's own instance: its disks are rolled back in place, which needs it stopped.
    expect((await refusal(createRestoreSchema.parse({ ...base, targetInstanceId: source, stopInstance: false }))).fieldErrors).toEqual({ stopInstance: [rollbackRunningMessage] });
  });
});

describe("the worker, run by hand", () => {
  it("a recorded HBR restore job that HBR no longer lists fails the restore instead of waiting for ever", async () => {
    const bj = await backupPoint();
    const bp = (await listBackupPoints(deps(), { instanceId: source })).items.find((i) => i.backupJobId === bj.id)!;
    // Saved without a queue job (the live worker never sees it), as if an earlier run had recorded a job HBR has since lost.
    const id = newRestoreId();
    await getDb().restore.create({
      data: {
        id, kind: "newInstance", restoreType: "UDM_ECS", backupJobId: bj.id, planId: bj.planId, hbrSnapshotId: bp.hbrSnapshotId, sourceInstanceId: source,
        sourceRegionId: SG, restoreRegionId: SG, request: newInstance(bj), backupPoint: bp, cloudRestoreJobId: `r-lost-${Date.now()}`,
        steps: initialSteps({ backUpFirst: false, stopInstance: false, createRestoreJob: true, waitRestoreJob: true, verifyResult: true }).map((s) => (s.name === "createRestoreJob" ? { ...s, status: "done" } : s)),
      },
    });
    const outcome = await runRestore({ db: getDb(), cloud: world.cloud, pollMs: 50, jobMissingMs: 200 }, id);
    const row = await getDb().restore.findUniqueOrThrow({ where: { id } });
    expect([outcome, row.status]).toEqual(["failed", "failed"]);
    expect(row.lastError).toMatchObject({ code: "RestoreJobNotFound" });
  });
});

describe("a cloud that cannot be read", () => {
  it("answers 503 with the cloud's code and RequestId, never a 500, and saves nothing", async () => {
    const bj = await backupPoint();
    const cloud = createCloudClients(parseEnv({ ...process.env, EMULATOR_PORT: String(world.kit.emulator.port), CLOUD_MAX_ATTEMPTS: "1" }));
    await world.kit.admin("faults", "POST", { action: "DescribeVSwitches", kind: "error5xx", rate: 1 });
    try {
      const input = newInstance(bj);
      const err = await createRestore({ ...deps(), cloud }, input, { id: world.admin.id }).catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 503, message: expect.stringMatching(/DescribeVSwitches.*RequestId/) });
      expect(await getDb().restore.count({ where: { request: { path: ["instanceName"], equals: input.kind === "newInstance" ? input.instanceName : "" } } })).toBe(0);
    } finally {
      await world.kit.admin("faults", "DELETE");
    }
  });
});

describe("the restore API", () => {
  const post = withRoute(apiRoutes.createRestore, async ({ body, user, requestId }) => createRestore(deps(), body, { id: user.id, name: user.name, requestId }));
  const list = withRoute(apiRoutes.listRestores, async ({ query }) => listRestores(getDb(), query));
  const request = (url: string, cookie: string, body?: unknown) =>
    new NextRequest(new URL(url, "http://127.0.0.1:3000"), {
      method: body === undefined ? "GET" : "POST",
      headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json", origin: "http://127.0.0.1:3000" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("a viewer cannot restore (403) but reads the history; an admin's restore is saved with its queue job and audited with names", async () => {
    const bj = await backupPoint();
    const viewer = await signedInUser("viewer");
    const admin = await signedInUser("admin");
    const body = { kind: "disks", backupJobId: bj.id, restoreRegionId: SG, targetInstanceId: other };
    const refused = await post(request("/api/restores", viewer.cookie, body), { params: Promise.resolve({}) });
    expect(refused.status).toBe(403);
    expect(await getDb().restore.count({ where: { targetInstanceId: other } })).toBe(0);

    const accepted = await post(request("/api/restores", admin.cookie, body), { params: Promise.resolve({}) });
    expect(accepted.status).toBe(202);
    const restore = (await accepted.json()) as { id: string; status: string; kind: string; backupPoint: { hbrSnapshotId: string }; steps: { name: string; status: string }[] };
    expect(restore).toMatchObject({ kind: "disks", backupPoint: { hbrSnapshotId: bj.hbrSnapshotId } });
    expect(restore.steps.map((s) => [s.name, s.status])).toEqual([
      ["backUpFirst", "skipped"],
      ["stopInstance", "skipped"],
      ["createRestoreJob", expect.any(String)],
      ["waitRestoreJob", expect.any(String)],
      ["verifyResult", expect.any(String)],
    ]);
    const jobs = await getDb().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'restore.run' AND "singleton_key" = ${restore.id}`;
    expect(jobs[0]!.n).toBeGreaterThanOrEqual(1);
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "restore.create", after: { path: ["restoreId"], equals: restore.id } } });
    expect(audit).toMatchObject({ actorId: admin.id, targetType: "instance", targetId: other });
    expect(audit.after).toMatchObject({ kind: "disks", targetInstanceName: expect.any(String), backupPoint: { planName: expect.stringMatching(/^restore-src-/), instanceName: expect.any(String) } });

    // One open restore per instance it changes.
    const again = await post(request("/api/restores", admin.cookie, body), { params: Promise.resolve({}) });
    expect(again.status).toBe(409);

    const seen = await list(request(`/api/restores?instanceId=${other}`, viewer.cookie), { params: Promise.resolve({}) });
    expect(seen.status).toBe(200);
    expect(((await seen.json()) as { items: { id: string }[] }).items.map((r) => r.id)).toContain(restore.id);
  });

  it("restore options list the region's zones, vSwitches, security groups and instance types; a zone narrows them", async () => {
    const all = await getRestoreOptions(world.cloud, SG);
    expect(all.zones.map((z) => z.zoneId)).toEqual(expect.arrayContaining([net.zoneA, net.zoneB, net.zoneC]));
    expect(all.zones.find((z) => z.zoneId === net.zoneA)!.diskCategories).toContain("cloud_ssd");
    expect(all.securityGroups.map((g) => g.securityGroupId)).toEqual(expect.arrayContaining([net.sg, net.drillSg]));
    const c = await getRestoreOptions(world.cloud, SG, net.zoneC);
    expect(c.vSwitches.every((v) => v.zoneId === net.zoneC)).toBe(true);
    expect(c.vSwitches.map((v) => v.vSwitchId)).toContain(net.vswC);
    expect(c.instanceTypes.map((t) => t.instanceType)).not.toContain("ecs.r7.large");
    expect(c.instanceTypes.map((t) => t.instanceType)).toContain("ecs.g7.large");
    await expect(getRestoreOptions(world.cloud, SG, "ap-southeast-1-z")).rejects.toMatchObject({ status: 404, fieldErrors: { zoneId: [expect.any(String)] } });
  });
});
