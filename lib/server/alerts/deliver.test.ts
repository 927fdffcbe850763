import { createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookEventSchema } from "@/lib/schemas/alerts";
import { createChannel, testChannel } from "@/lib/server/alerts/alerts-api";
import { deliver, DeliveryRetry } from "@/lib/server/alerts/deliver";
import { createCloudClients } from "@/lib/server/cloud/clients";
import { getDb } from "@/lib/server/db/client";
import { databaseUrl } from "@/lib/server/env";
import { startTestEmulator } from "@/lib/server/testing/emulator";
import { startWorker, type RunningWorker } from "@/lib/server/worker/worker";
import type { RunningEmulator } from "@/emulator/server";

// Notices end to end through the real worker and pg-boss: a node:http receiver stands in for the webhook endpoints
// (generic, DingTalk, Slack) and an in-process smtp-server for the mail server. Nothing is mocked.

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
}
const received: Received[] = [];
/** Per path: the statuses to answer in turn (the last one repeats); 200 when none. */
const script = new Map<string, number[]>();
/** Per path: how long the receiver waits before it answers (a slow endpoint). */
const delays = new Map<string, number>();
let receiver: http.Server;
let hookBase = "";
const mails: { to: string[]; raw: string }[] = [];
let smtp: SMTPServer;
let smtpPort = 0;
let emulator: RunningEmulator;
let worker: RunningWorker;
const db = () => getDb();
const admin = { id: "usr_alerts_test" };

async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Quoted-printable soft line breaks and =XX escapes, enough to read nodemailer's text part. */
const unQp = (s: string) => s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, raw });
      const statuses = script.get(path) ?? [200];
      const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
      setTimeout(() => res.writeHead(status, { "content-type": "application/json" }).end(status < 300 ? '{"ok":true}' : '{"error":"receiver says no"}'), delays.get(path) ?? 0);
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString("utf8")));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
  smtpPort = (smtp.server.address() as AddressInfo).port;

  await db().user.create({ data: { id: admin.id, name: "Alerts Admin", email: "alerts-admin@test.local", role: "admin" } });
  const started = await startTestEmulator();
  emulator = started.emulator;
  worker = await startWorker({
    db: db(), cloud: createCloudClients(started.env), databaseUrl: databaseUrl(), log: pino({ level: "silent" }), concurrency: 4, heartbeatIntervalS: 5, sweepIntervalS: 1,
    alerts: { evaluateIntervalS: 1, baseUrl: "https://console.example", smtp: { host: "127.0.0.1", port: smtpPort, secure: false, from: "HBR Console <alerts@console.example>" } },
  });
});
afterAll(async () => {
  await worker?.stop();
  await emulator?.stop();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  await new Promise((r) => receiver?.close(r));
});

describe("alert notices", () => {
  it("goes to every channel once, signed: a 500 is retried until the 200 (both in the log); DingTalk, Slack and email get their formats; the resolution follows", async () => {
    const generic = await createChannel(db(), { type: "webhook", name: "generic hook", format: "generic", url: `${hookBase}/generic?token=s3cret` }, admin);
    const ding = await createChannel(db(), { type: "webhook", name: "dingtalk robot", format: "dingtalk", url: `${hookBase}/robot/send?access_token=abc` }, admin);
    const slack = await createChannel(db(), { type: "webhook", name: "slack hook", format: "slack", url: `${hookBase}/services/T0/B0/xyz` }, admin);
    const mail = await createChannel(db(), { type: "email", name: "ops mail", recipients: ["ops@example.com", "oncall@example.com"] }, admin);
    expect(generic.secret).toMatch(/^whsec_/);
    expect(mail.secret).toBeNull();
    // Sealed at rest: neither the URL nor the secret is in the row as written.
    const row = await db().alertChannel.findUniqueOrThrow({ where: { id: generic.channel.id } });
    expect(JSON.stringify(row)).not.toContain("s3cret");
    expect(JSON.stringify(row)).not.toContain(generic.secret!);
    expect(row.urlDisplay).toBe(hookBase);

    script.set("/generic?token=s3cret", [500, 200]);
    await db().plan.create({
      data: { id: "plan_dlv1", name: "finance", regionId: "ap-southeast-1", mode: "auto", scheduleKind: "newPolicy", status: "failed", config: {}, appConsistent: false, lastError: { message: "HBR refused the policy" } },
    });

    const deliveries = await waitFor(async () => {
      const ds = await db().alertDelivery.findMany({ where: { alert: { subjectId: "plan_dlv1" }, event: "opened" }, include: { channel: true } });
      return ds.length === 4 && ds.every((d) => d.status === "sent") ? ds : null;
    });
    const byName = new Map(deliveries.map((d) => [d.channel.name, d]));
    const g = byName.get("generic hook")!;
    expect(g).toMatchObject({ attempts: 2, statusCode: 200, status: "sent" });
    expect(g.lastError).toMatch(/answered 500/);
    expect(g.lastError).not.toContain("s3cret");

    const tries = received.filter((r) => r.path === "/generic?token=s3cret");
    expect(tries).toHaveLength(2);
    for (const t of tries) {
      expect(t.headers["content-type"]).toBe("application/json");
      expect(t.headers["x-hbr-delivery"]).toBe(g.id);
      expect(t.headers["x-hbr-event"]).toBe("alert.opened");
      expect(t.headers["x-signature"]).toBe(`sha256=${createHmac("sha256", generic.secret!).update(t.raw).digest("hex")}`);
      expect(t.headers["x-signature"]).not.toBe(`sha256=${createHmac("sha256", ding.secret!).update(t.raw).digest("hex")}`);
    }
    const event = webhookEventSchema.parse(JSON.parse(tries[1]!.raw));
    expect(event).toMatchObject({ event: "alert.opened", deliveryId: g.id, alert: { kind: "planFailed", title: "Plan finance failed", subject: { type: "plan", id: "plan_dlv1", name: "finance" } } });
    expect(event.alert!.detail).toContain("HBR refused the policy");
    expect(event.alert!.url).toMatch(/^https:\/\/console\.example\/alerts/);

    const dingBody = JSON.parse(received.find((r) => r.path.startsWith("/robot/send"))!.raw);
    expect(dingBody).toMatchObject({ msgtype: "markdown", markdown: { title: "Plan finance failed" } });
    expect(dingBody.markdown.text).toContain("HBR refused the policy");
    const slackBody = JSON.parse(received.find((r) => r.path.startsWith("/services/"))!.raw);
    expect(slackBody.text).toContain("*Plan finance failed*");
    expect(slackBody.blocks[0]).toMatchObject({ type: "section", text: { type: "mrkdwn" } });

    const m = await waitFor(async () => mails.find((x) => x.raw.includes("Plan finance failed")));
    expect(m.to).toEqual(["ops@example.com", "oncall@example.com"]);
    expect(m.raw).toMatch(/^Subject: \[HBR\] Plan finance failed$/m);
    expect(m.raw).toMatch(/^From: HBR Console <alerts@console\.example>$/m);
    expect(unQp(m.raw)).toContain("could not be set up in HBR: HBR refused the policy");
    expect(m.raw).toContain("text/html");

    // The plan is Active again: one "resolved" notice per channel.
    await db().plan.update({ where: { id: "plan_dlv1" }, data: { status: "active" } });
    const resolved = await waitFor(async () => {
      const ds = await db().alertDelivery.findMany({ where: { alert: { subjectId: "plan_dlv1" }, event: "resolved" } });
      return ds.length === 4 && ds.every((d) => d.status === "sent") ? ds : null;
    });
    const last = received.filter((r) => r.path === "/generic?token=s3cret").at(-1)!;
    expect(last.headers["x-hbr-event"]).toBe("alert.resolved");
    expect(JSON.parse(last.raw)).toMatchObject({ event: "alert.resolved", alert: { status: "resolved" } });
    expect(resolved.map((d) => d.channelId).sort()).toEqual([generic.channel.id, ding.channel.id, slack.channel.id, mail.channel.id].sort());
    await waitFor(async () => mails.find((x) => /^Subject: \[HBR\] \[RESOLVED\] Plan finance failed$/m.test(x.raw)));

    // Sent once: running the delivery again, or queueing it again, sends nothing more.
    const before = received.length;
    expect(await deliver({ db: db(), baseUrl: "https://console.example", smtp: null }, g.id)).toBe("skipped");
    await worker.boss.send("alert.deliver", { deliveryId: g.id }, { singletonKey: `${g.id}-again` });
    await new Promise((r) => setTimeout(r, 2_000));
    expect(received.length).toBe(before);
    expect(await db().alertDelivery.findUniqueOrThrow({ where: { id: g.id } })).toMatchObject({ attempts: 2, status: "sent" });
  });

  it("sends a delivery once when two workers run it at once, and a pending one whose queue job was lost is found by the sweep", async () => {
    const ch = await createChannel(db(), { type: "webhook", name: "once hook", format: "generic", url: `${hookBase}/once` }, admin);
    // Not queued: as if the process died between the commit and the queue.
    const id = `dl_${randomUUID().replaceAll("-", "")}`;
    await db().alertDelivery.create({ data: { id, channelId: ch.channel.id, event: "test" } });
    const deps = { db: db(), baseUrl: "https://console.example", smtp: null };
    const outcomes = await Promise.allSettled([deliver(deps, id), deliver(deps, id)]);
    const sent = outcomes.filter((o) => o.status === "fulfilled" && o.value === "sent");
    expect(sent).toHaveLength(1);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(DeliveryRetry);
    expect(received.filter((r) => r.path === "/once")).toHaveLength(1);

    const lost = `dl_${randomUUID().replaceAll("-", "")}`;
    await db().alertDelivery.create({ data: { id: lost, channelId: ch.channel.id, event: "test", createdAt: new Date(Date.now() - 10_000) } });
    await waitFor(async () => (await db().alertDelivery.findUniqueOrThrow({ where: { id: lost } })).status === "sent");
    expect(received.filter((r) => r.path === "/once" && r.headers["x-hbr-delivery"] === lost)).toHaveLength(1);
  });

  it("calls a slow receiver with no transaction open and no row locked, and never twice at once", async () => {
    delays.set("/slow", 2_000);
    const ch = await createChannel(db(), { type: "webhook", name: "slow hook", format: "generic", url: `${hookBase}/slow` }, admin);
    const id = `dl_${randomUUID().replaceAll("-", "")}`;
    await db().alertDelivery.create({ data: { id, channelId: ch.channel.id, event: "test" } });
    const deps = { db: db(), baseUrl: "https://console.example", smtp: null };
    const first = deliver(deps, id);
    await waitFor(async () => received.some((r) => r.path === "/slow"));
    // The receiver is still answering: another transaction updates the row at once (no lock held on it) …
    const updated = await db().$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL lock_timeout = '300ms'`;
      return tx.$executeRaw`UPDATE alert_delivery SET "updatedAt" = now() WHERE id = ${id}`;
    });
    expect(updated).toBe(1);
    // … no connection of this process sits in a transaction while it waits …
    const idle = await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND query ILIKE '%alert_delivery%'`;
    expect(idle[0]!.n).toBe(0);
    // … and a second attempt meanwhile sends nothing: the first one's lease is live.
    await expect(deliver(deps, id)).rejects.toBeInstanceOf(DeliveryRetry);
    expect(await first).toBe("sent");
    expect(received.filter((r) => r.path === "/slow")).toHaveLength(1);
    expect(await db().alertDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "sent", attempts: 1, statusCode: 200, leaseId: null, leaseUntil: null });
  });

  it("sends again a delivery whose attempt died with its worker, once the lease ran out", async () => {
    const ch = await createChannel(db(), { type: "webhook", name: "orphan hook", format: "generic", url: `${hookBase}/orphan` }, admin);
    const id = `dl_${randomUUID().replaceAll("-", "")}`;
    // An attempt that claimed the delivery and never came back: its lease still runs, then it has run out.
    await db().alertDelivery.create({ data: { id, channelId: ch.channel.id, event: "test", attempts: 1, leaseId: "dead", leaseUntil: new Date(Date.now() + 60_000) } });
    const deps = { db: db(), baseUrl: "https://console.example", smtp: null };
    await expect(deliver(deps, id)).rejects.toBeInstanceOf(DeliveryRetry);
    expect(received.filter((r) => r.path === "/orphan")).toHaveLength(0);
    await db().alertDelivery.update({ where: { id }, data: { leaseUntil: new Date(Date.now() - 1_000) } });
    expect(await deliver(deps, id)).toBe("sent");
    expect(received.filter((r) => r.path === "/orphan")).toHaveLength(1);
    expect(await db().alertDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("fails at once on a 4xx (no retry can help) and records it; Send test is a `test` event with no alert", async () => {
    script.set("/gone", [404]);
    const ch = await createChannel(db(), { type: "webhook", name: "gone hook", format: "generic", url: `${hookBase}/gone` }, admin);
    const queued = await testChannel({ db: db(), boss: worker.boss }, ch.channel.id, { id: admin.id });
    expect(queued).toMatchObject({ event: "test", status: "pending", alertId: null, channelName: "gone hook" });
    const done = await waitFor(async () => {
      const d = await db().alertDelivery.findUniqueOrThrow({ where: { id: queued.id } });
      return d.status !== "pending" ? d : null;
    });
    expect(done).toMatchObject({ status: "failed", attempts: 1, statusCode: 404 });
    const body = webhookEventSchema.parse(JSON.parse(received.find((r) => r.path === "/gone")!.raw));
    expect(body).toMatchObject({ event: "test", alert: null, deliveryId: queued.id });
  });
});
