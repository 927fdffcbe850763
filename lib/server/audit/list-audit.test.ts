import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { auditListQuerySchema } from "@/lib/schemas/audit";
import { listAudit } from "@/lib/server/audit/list-audit";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { getDb } from "@/lib/server/db/client";
import { signedInUser } from "@/lib/server/testing/users";
import { updateUser } from "@/lib/server/users/update-user";

const query = (input: Record<string, unknown> = {}) => auditListQuerySchema.parse(input);

async function recordAt(at: string, entry: { actorId: string | null; action: string; targetType: string; targetId: string }) {
  await getDb().$transaction(async (tx) => recordAudit(tx, { ...entry, before: { status: "failed" }, after: null }));
  const event = await getDb().auditEvent.findFirstOrThrow({ where: { targetId: entry.targetId, action: entry.action }, orderBy: { at: "desc" } });
  await getDb().auditEvent.update({ where: { id: event.id }, data: { at: new Date(at) } });
}

describe("listAudit", () => {
  it("lists events newest first with the actor and the before/after of the change", async () => {
    const admin = await signedInUser("admin");
    const viewer = await signedInUser("viewer");
    await updateUser(getDb(), viewer.id, { role: "admin" }, { id: admin.id, requestId: "req-audit-1" });

    const { events, total } = await listAudit(getDb(), query({ targetId: viewer.id }));
    expect(total).toBe(2);
    expect(events.map((e) => e.action)).toEqual(["user.update", "user.create"]);
    expect(events[0]).toMatchObject({
      actor: { id: admin.id, email: admin.email },
      targetType: "user",
      targetId: viewer.id,
      before: { role: "viewer", disabled: false },
      after: { role: "admin", disabled: false },
      requestId: "req-audit-1",
    });
    expect(Date.parse(events[0].at)).not.toBeNaN();
    // signedInUser creates users with no actor: the system did it.
    expect(events[1]).toMatchObject({ actor: null, before: null, after: expect.objectContaining({ role: "viewer" }) });
  });

  it("filters by actor id or part of the actor's email, action, target type and id", async () => {
    const admin = await signedInUser("admin");
    const other = await signedInUser("admin");
    const viewer = await signedInUser("viewer");
    await updateUser(getDb(), viewer.id, { disabled: true }, { id: admin.id });
    await updateUser(getDb(), viewer.id, { disabled: false }, { id: other.id });
    await getDb().$transaction((tx) => recordAudit(tx, { actorId: admin.id, action: "plan.retry", targetType: "plan", targetId: "plan_abc", before: { status: "failed" } }));

    const byId = await listAudit(getDb(), query({ actor: admin.id }));
    expect(byId.events.map((e) => e.action).sort()).toEqual(["plan.retry", "user.update"]);
    const byEmail = await listAudit(getDb(), query({ actor: other.email.toUpperCase().slice(0, 12) }));
    expect(byEmail.events.every((e) => e.actor?.id === other.id)).toBe(true);
    expect(byEmail.total).toBe(1);
    expect((await listAudit(getDb(), query({ action: "user.update", targetId: viewer.id }))).total).toBe(2);
    const plans = await listAudit(getDb(), query({ targetType: "plan" }));
    expect(plans.events).toEqual([expect.objectContaining({ targetId: "plan_abc", action: "plan.retry", before: { status: "failed" }, after: null })]);
    expect((await listAudit(getDb(), query({ action: "plan.create" }))).total).toBe(0);
  });

  it("filters by time: a from day starts at its midnight UTC, a to day includes all of it", async () => {
    await recordAt("2026-03-01T23:59:59Z", { actorId: null, action: "plan.deleted", targetType: "plan", targetId: "plan_t1" });
    await recordAt("2026-03-02T00:00:00Z", { actorId: null, action: "plan.deleted", targetType: "plan", targetId: "plan_t2" });
    await recordAt("2026-03-02T23:59:59Z", { actorId: null, action: "plan.deleted", targetType: "plan", targetId: "plan_t3" });
    await recordAt("2026-03-03T00:00:00Z", { actorId: null, action: "plan.deleted", targetType: "plan", targetId: "plan_t4" });

    const day = await listAudit(getDb(), query({ action: "plan.deleted", from: "2026-03-02", to: "2026-03-02" }));
    expect(day.events.map((e) => e.targetId)).toEqual(["plan_t3", "plan_t2"]);
    const instants = await listAudit(getDb(), query({ action: "plan.deleted", from: "2026-03-01T23:00:00Z", to: "2026-03-02T12:00:00+00:00" }));
    expect(instants.events.map((e) => e.targetId)).toEqual(["plan_t2", "plan_t1"]);
  });

  it("pages with a stable order and the total of all matches", async () => {
    for (let i = 0; i < 5; i += 1) {
      await recordAt(`2026-04-0${i + 1}T10:00:00Z`, { actorId: null, action: "plan.delete", targetType: "plan", targetId: `plan_p${i}` });
    }
    const first = await listAudit(getDb(), query({ action: "plan.delete", pageSize: 2 }));
    const third = await listAudit(getDb(), query({ action: "plan.delete", pageSize: 2, page: 3 }));
    expect(first).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(first.events.map((e) => e.targetId)).toEqual(["plan_p4", "plan_p3"]);
    expect(third.events.map((e) => e.targetId)).toEqual(["plan_p0"]);
  });

  it("refuses a range that ends before it starts and malformed filters", () => {
    expect(auditListQuerySchema.safeParse({ from: "2026-03-02", to: "2026-03-01" }).error?.issues[0].path).toEqual(["to"]);
    expect(auditListQuerySchema.safeParse({ from: "yesterday" }).success).toBe(false);
    expect(auditListQuerySchema.safeParse({ action: "DROP TABLE" }).success).toBe(false);
    expect(auditListQuerySchema.safeParse({ pageSize: "1000" }).success).toBe(false);
  });

  it("names each target as a person reads it: the user's name, the plan's, the policy's and the instance's", async () => {
    const admin = await signedInUser("admin");
    const viewer = await signedInUser("viewer");
    await updateUser(getDb(), viewer.id, { role: "admin" }, { id: admin.id });
    const key = randomUUID().slice(0, 8);
    const planId = `plan_names${key}`;
    await getDb().plan.create({
      data: {
        id: planId, name: `nightly-${key}`, regionId: "ap-southeast-1", mode: "manual", scheduleKind: "manual", status: "active", config: {}, appConsistent: false,
        instances: { create: { id: `pin_${key}`, instanceId: `i-names${key}`, instanceName: `web-${key}`, osType: "linux", osName: "CentOS 7.9 64 bit", protectAllDisks: true, diskIds: [] } },
      },
    });
    const record = (entry: { action: string; targetType: string; targetId: string; before?: object; after?: object }) =>
      getDb().$transaction((tx) => recordAudit(tx, { actorId: admin.id, ...entry }));
    await record({ action: "plan.retry", targetType: "plan", targetId: planId, before: { status: "failed" } });
    await record({ action: "plan.deleted", targetType: "plan", targetId: `plan_gone${key}`, before: { name: `gone-${key}`, regionId: "ap-southeast-1" } });
    await record({ action: "policy.create", targetType: "policy", targetId: `po-names${key}`, after: { regionId: "ap-southeast-1", policyName: `daily-${key}` } });
    await record({ action: "instance.dry_run", targetType: "instance", targetId: `i-names${key}`, before: { status: "Running" }, after: { regionId: "ap-southeast-1" } });
    await record({ action: "instance.dry_run", targetType: "instance", targetId: `i-unknown${key}`, after: { regionId: "ap-southeast-1" } });

    const nameOf = async (targetId: string) => (await listAudit(getDb(), query({ targetId }))).events[0]?.targetName;
    expect((await listAudit(getDb(), query({ targetId: viewer.id }))).events.map((e) => e.targetName)).toEqual(["Test viewer", "Test viewer"]);
    expect(await nameOf(planId)).toBe(`nightly-${key}`);
    expect(await nameOf(`plan_gone${key}`)).toBe(`gone-${key}`);
    expect(await nameOf(`po-names${key}`)).toBe(`daily-${key}`);
    expect(await nameOf(`i-names${key}`)).toBe(`web-${key}`);
    // Nothing names it: no name rather than a guess; the page shows the id.
    expect(await nameOf(`i-unknown${key}`)).toBeNull();
  });
});
