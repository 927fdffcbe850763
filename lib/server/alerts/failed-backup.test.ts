import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlanSchema, defaultPlanInput } from "@/lib/schemas/plan";
import { webhookEventSchema, type WebhookEvent } from "@/lib/schemas/alerts";
import { createChannel } from "@/lib/server/alerts/alerts-api";
import { getDb } from "@/lib/server/db/client";
import { createPlan } from "@/lib/server/plans/create-plan";
import { cloudPlanInventory } from "@/lib/server/plans/plan-inventory";
import { requestPlanAction } from "@/lib/server/plans/request-plan-action";
import { demo } from "@/lib/server/testing/inventory-test-kit";
import { setUpPlanWorld, untilPlan } from "@/lib/server/testing/plan-world";

// The whole path with nothing stubbed: the emulator fails a backup as HBR reports one (DescribeBackupJobs2 Status
// FAILED), the live worker's job sync records it, its evaluation opens the alert, and the signed webhook reaches a
// receiver here; a good backup then resolves it with an "alert.resolved" notice.

const world = setUpPlanWorld();
const hooks: { event: WebhookEvent; signature: string; raw: string; at: number }[] = [];
let receiver: http.Server;
let url = "";

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
    req.on("end", () => {
      hooks.push({ event: webhookEventSchema.parse(JSON.parse(raw)), signature: String(req.headers["x-signature"]), raw, at: Date.now() });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hbr`;
});
afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
});

async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("a failed backup alerts", () => {
  it("emulator failure → job FAILED in PostgreSQL → signed webhook within seconds; a good backup → resolved notice", async () => {
    const { channel, secret } = await createChannel(getDb(), { type: "webhook", name: "receiver", format: "generic", url }, { id: world.admin.id });
    expect(channel.enabled).toBe(true);
    const instanceId = demo.sgUbuntuNoScripts;
    await world.kit.admin("backup-failures", "POST", { instanceId, count: 1, errorMessage: "UDM_ECS.SnapshotQuotaExceeded" });

    // A Manual Backup plan: its first backup starts once it is provisioned, and fails.
    const input = defaultPlanInput("ap-southeast-1");
    input.name = "alerted-plan";
    input.backupObjects.instances = [{ instanceId, protectAllDisks: true, diskIds: [] }];
    const { plan } = await createPlan({ db: getDb(), boss: world.boss, inventory: cloudPlanInventory(world.cloud) }, createPlanSchema.parse(input), { id: world.admin.id });
    await untilPlan(plan.id, (p) => p.status === "active", 40_000);

    const failedAt = await until("the job row FAILED", async () => {
      const job = await getDb().backupJob.findFirst({ where: { planId: plan.id, status: "FAILED" } });
      return job ? Date.now() : undefined;
    });
    const opened = await until("the opened webhook", () => hooks.find((h) => h.event.event === "alert.opened"));
    expect(opened.at - failedAt).toBeLessThan(10_000);
    expect(opened.signature).toBe(`sha256=${createHmac("sha256", secret!).update(opened.raw).digest("hex")}`);
    expect(opened.event.alert).toMatchObject({ kind: "backupJobFailed", status: "open", title: "Backup failed in plan alerted-plan", subject: { type: "plan", id: plan.id, name: "alerted-plan" } });
    expect(opened.event.alert!.detail).toContain("alerted-plan");
    expect(opened.event.alert!.detail).not.toContain(plan.id);

    await requestPlanAction({ db: getDb(), boss: world.boss }, plan.id, "runNow", { id: world.admin.id });
    const resolved = await until("the resolved webhook", () => hooks.find((h) => h.event.event === "alert.resolved"));
    expect(resolved.event.alert).toMatchObject({ id: opened.event.alert!.id, status: "resolved" });
    expect(hooks.filter((h) => h.event.event === "alert.opened")).toHaveLength(1);
    const alert = await getDb().alert.findUniqueOrThrow({ where: { id: opened.event.alert!.id } });
    expect(alert).toMatchObject({ status: "resolved", openKey: null });
  });
});
