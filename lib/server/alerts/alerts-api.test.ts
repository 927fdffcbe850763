import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertListSchema, alertRulesSchema, channelListSchema, createdChannelSchema, deliveryListSchema, deliverySchema } from "@/lib/schemas/alerts";
import { createChannel, deleteChannel, listAlerts, listChannels, listDeliveries, listRules, testChannel, updateChannel, updateRules } from "@/lib/server/alerts/alerts-api";
import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { getQueueClient } from "@/lib/server/jobs/queue-client";
import { signedInUser } from "@/lib/server/testing/users";

// The alerts API through its real route handlers (withRoute: auth, RBAC, zod, the response contract), on this
// file's own PostgreSQL and pg-boss. The handlers are those of app/api/alerts/** (server code does not import routes).

const alertsRoute = { GET: withRoute(apiRoutes.listAlerts, async ({ query }) => listAlerts(getDb(), query)) };
const rulesRoute = {
  GET: withRoute(apiRoutes.listAlertRules, async () => listRules(getDb())),
  PUT: withRoute(apiRoutes.updateAlertRules, async ({ body, user, requestId }) => updateRules({ db: getDb(), boss: await getQueueClient() }, body, { id: user.id, requestId })),
};
const channelsRoute = {
  GET: withRoute(apiRoutes.listAlertChannels, async () => listChannels(getDb(), false)),
  POST: withRoute(apiRoutes.createAlertChannel, async ({ body, user, requestId }) => createChannel(getDb(), body, { id: user.id, requestId })),
};
const channelRoute = {
  PATCH: withRoute(apiRoutes.updateAlertChannel, async ({ params, body, user, requestId }) => updateChannel(getDb(), params.channelId, body, { id: user.id, requestId })),
  DELETE: withRoute(apiRoutes.deleteAlertChannel, async ({ params, user, requestId }) => {
    await deleteChannel(getDb(), params.channelId, { id: user.id, requestId });
  }),
};
const testRoute = { POST: withRoute(apiRoutes.testAlertChannel, async ({ params, user, requestId }) => testChannel({ db: getDb(), boss: await getQueueClient() }, params.channelId, { id: user.id, requestId })) };
const deliveriesRoute = { GET: withRoute(apiRoutes.listAlertDeliveries, async ({ query }) => listDeliveries(getDb(), query)) };

let admin: { id: string; cookie: string };
let viewer: { id: string; cookie: string };
const ORIGIN = "http://127.0.0.1:3000";
const call = (handler: (req: NextRequest, seg: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>, method: string, url: string, cookie: string, body?: unknown, params: Record<string, string> = {}) =>
  handler(
    new NextRequest(new URL(url, ORIGIN), {
      method,
      headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json", origin: ORIGIN }), ...(method !== "GET" ? { origin: ORIGIN } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    { params: Promise.resolve(params) },
  );

beforeAll(async () => {
  admin = await signedInUser("admin");
  viewer = await signedInUser("viewer");
});
afterAll(async () => {
  await (await getQueueClient()).stop({ graceful: false });
});

describe("alert channels API", () => {
  it("answers a webhook's secret once; GET never shows the secret or the URL's path; viewers read but cannot change", async () => {
    const url = "https://oapi.dingtalk.com/robot/send?access_token=TOPSECRETTOKEN";
    expect((await call(channelsRoute.POST, "POST", "/api/alerts/channels", viewer.cookie, { type: "webhook", name: "x", format: "generic", url })).status).toBe(403);
    const res = await call(channelsRoute.POST, "POST", "/api/alerts/channels", admin.cookie, { type: "webhook", name: "DingTalk ops", format: "dingtalk", url });
    expect(res.status).toBe(201);
    const created = createdChannelSchema.parse(await res.json());
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(created.channel).toMatchObject({ name: "DingTalk ops", type: "webhook", format: "dingtalk", urlDisplay: "https://oapi.dingtalk.com", enabled: true, lastDelivery: null });

    for (const who of [admin, viewer]) {
      const listed = await call(channelsRoute.GET, "GET", "/api/alerts/channels", who.cookie);
      expect(listed.status).toBe(200);
      const text = await listed.text();
      expect(text).not.toContain(created.secret!);
      expect(text).not.toContain("TOPSECRETTOKEN");
      expect(text).not.toContain("/robot/send");
      expect(channelListSchema.parse(JSON.parse(text))).toMatchObject({ smtpConfigured: false, channels: [{ id: created.channel.id }] });
    }
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "alert_channel.create", targetId: created.channel.id } });
    expect(JSON.stringify(audit)).not.toContain("TOPSECRETTOKEN");
    expect(JSON.stringify(audit)).not.toContain(created.secret!);
    expect(audit.actorId).toBe(admin.id);
  });

  it("refuses bad channels with field errors, and a taken name with 409", async () => {
    const bad = async (body: unknown) => {
      const res = await call(channelsRoute.POST, "POST", "/api/alerts/channels", admin.cookie, body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      return ((await res.json()) as { error: { fieldErrors: Record<string, string[]> } }).error.fieldErrors;
    };
    expect(await bad({ type: "webhook", name: "a", format: "generic", url: "ftp://example.com/x" })).toHaveProperty("url");
    expect(await bad({ type: "webhook", name: "", format: "generic", url: "https://example.com/x" })).toHaveProperty("name");
    expect(await bad({ type: "webhook", name: "a", format: "teams", url: "https://example.com/x" })).toHaveProperty("format");
    expect(await bad({ type: "email", name: "m", recipients: [] })).toHaveProperty("recipients");
    expect(Object.keys(await bad({ type: "email", name: "m", recipients: ["not-an-email"] })).join()).toMatch(/recipients/);
    expect(await bad({ type: "pager", name: "m" })).toHaveProperty("type");
    await call(channelsRoute.POST, "POST", "/api/alerts/channels", admin.cookie, { type: "email", name: "Ops mail", recipients: ["ops@example.com"] });
    const taken = await call(channelsRoute.POST, "POST", "/api/alerts/channels", admin.cookie, { type: "email", name: "Ops mail", recipients: ["b@example.com"] });
    expect(taken.status).toBe(409);
  });

  it("turns a channel off, sends a test (202, queued), lists the delivery log, deletes it; 404 for a missing channel", async () => {
    const created = createdChannelSchema.parse(
      await (await call(channelsRoute.POST, "POST", "/api/alerts/channels", admin.cookie, { type: "webhook", name: "Slack", format: "slack", url: "https://hooks.slack.com/services/T/B/C" })).json(),
    );
    const id = created.channel.id;
    expect((await call(channelRoute.PATCH, "PATCH", `/api/alerts/channels/${id}`, viewer.cookie, { enabled: false }, { channelId: id })).status).toBe(403);
    const patched = await call(channelRoute.PATCH, "PATCH", `/api/alerts/channels/${id}`, admin.cookie, { enabled: false }, { channelId: id });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ id, enabled: false });
    const badPatch = await call(channelRoute.PATCH, "PATCH", `/api/alerts/channels/${id}`, admin.cookie, { enabled: "yes" }, { channelId: id });
    expect(((await badPatch.json()) as { error: { fieldErrors: object } }).error.fieldErrors).toHaveProperty("enabled");

    expect((await call(testRoute.POST, "POST", `/api/alerts/channels/${id}/test`, viewer.cookie, {}, { channelId: id })).status).toBe(403);
    const tested = await call(testRoute.POST, "POST", `/api/alerts/channels/${id}/test`, admin.cookie, {}, { channelId: id });
    expect(tested.status).toBe(202);
    const delivery = deliverySchema.parse(await tested.json());
    expect(delivery).toMatchObject({ channelId: id, channelName: "Slack", event: "test", status: "pending", attempts: 0 });
    const jobs = await getDb().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'alert.deliver' AND data->>'deliveryId' = ${delivery.id}`;
    expect(Number(jobs[0]!.n)).toBe(1);

    const log = deliveryListSchema.parse(await (await call(deliveriesRoute.GET, "GET", `/api/alerts/deliveries?channelId=${id}`, viewer.cookie)).json());
    expect(log).toMatchObject({ total: 1, deliveries: [{ id: delivery.id }] });
    expect((await call(deliveriesRoute.GET, "GET", "/api/alerts/deliveries?channelId=nope", viewer.cookie)).status).toBe(422);

    const missing = "ch_missing0";
    expect((await call(channelRoute.DELETE, "DELETE", `/api/alerts/channels/${missing}`, admin.cookie, undefined, { channelId: missing })).status).toBe(404);
    expect((await call(testRoute.POST, "POST", `/api/alerts/channels/${missing}/test`, admin.cookie, {}, { channelId: missing })).status).toBe(404);
    expect((await call(channelRoute.DELETE, "DELETE", `/api/alerts/channels/${id}`, viewer.cookie, undefined, { channelId: id })).status).toBe(403);
    expect((await call(channelRoute.DELETE, "DELETE", `/api/alerts/channels/${id}`, admin.cookie, undefined, { channelId: id })).status).toBe(204);
    expect(await getDb().alertDelivery.count({ where: { channelId: id } })).toBe(0);
    expect(await getDb().auditEvent.count({ where: { targetId: id, action: { in: ["alert_channel.update", "alert_channel.test", "alert_channel.delete"] } } })).toBe(3);
  });
});

describe("alert rules and alerts API", () => {
  it("lists every rule on by default; an admin turns one off and sets the threshold (audited); viewers cannot; bad values are field errors", async () => {
    const initial = alertRulesSchema.parse(await (await call(rulesRoute.GET, "GET", "/api/alerts/rules", viewer.cookie)).json());
    expect(initial.rules).toHaveLength(7);
    expect(initial.rules.every((r) => r.enabled && r.updatedAt === null)).toBe(true);
    expect(initial.rules.find((r) => r.kind === "instanceUnprotected")?.thresholdHours).toBe(24);

    const body = { rules: [{ kind: "rpoBreached", enabled: false }, { kind: "instanceUnprotected", enabled: true, thresholdHours: 48 }] };
    expect((await call(rulesRoute.PUT, "PUT", "/api/alerts/rules", viewer.cookie, body)).status).toBe(403);
    const saved = await call(rulesRoute.PUT, "PUT", "/api/alerts/rules", admin.cookie, body);
    expect(saved.status).toBe(200);
    const rules = alertRulesSchema.parse(await saved.json()).rules;
    expect(rules.find((r) => r.kind === "rpoBreached")).toMatchObject({ enabled: false, thresholdHours: null });
    expect(rules.find((r) => r.kind === "instanceUnprotected")).toMatchObject({ enabled: true, thresholdHours: 48 });
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "alert_rules.update" } });
    expect(audit.before).toEqual([{ kind: "rpoBreached", enabled: true, thresholdHours: null }, { kind: "instanceUnprotected", enabled: true, thresholdHours: 24 }]);

    const fieldErrorsOf = async (b: unknown) => {
      const res = await call(rulesRoute.PUT, "PUT", "/api/alerts/rules", admin.cookie, b);
      expect([400, 422]).toContain(res.status);
      return ((await res.json()) as { error: { fieldErrors: Record<string, string[]> } }).error.fieldErrors;
    };
    expect(await fieldErrorsOf({ rules: [{ kind: "instanceUnprotected", enabled: true, thresholdHours: 1000 }] })).toHaveProperty(["rules.0.thresholdHours"]);
    expect(await fieldErrorsOf({ rules: [{ kind: "nope", enabled: true }] })).toHaveProperty(["rules.0.kind"]);
    expect(await fieldErrorsOf({ rules: [{ kind: "planFailed", enabled: true, thresholdHours: 3 }] })).toHaveProperty(["rules.0.thresholdHours"]);
    expect(await fieldErrorsOf({ rules: [] })).toHaveProperty("rules");
  });

  it("lists open and resolved alerts with their delivery counts and the open count", async () => {
    const db = getDb();
    await db.alert.createMany({
      data: [
        { id: "al_open1", kind: "planFailed", subjectKey: "plan:p1", subjectType: "plan", subjectId: "p1", subjectName: "payroll", title: "Plan payroll failed", detail: "…", openKey: "planFailed|plan:p1", regionId: "ap-southeast-1", planId: "p1" },
        { id: "al_done1", kind: "rpoBreached", subjectKey: "plan:p2", subjectType: "plan", subjectId: "p2", subjectName: "crm", title: "RPO breached in plan crm", detail: "…", status: "resolved", resolvedAt: new Date(), resolution: "A backup." },
      ],
    });
    const ch = await db.alertChannel.create({ data: { id: "ch_counts", name: "counts", type: "email", recipients: ["a@example.com"] } });
    await db.alertDelivery.createMany({ data: [{ id: "dl_c1", alertId: "al_open1", channelId: ch.id, event: "opened", status: "sent" }] });
    const open = alertListSchema.parse(await (await call(alertsRoute.GET, "GET", "/api/alerts", viewer.cookie)).json());
    expect(open).toMatchObject({ total: 1, openCount: 1, alerts: [{ id: "al_open1", status: "open", subject: { name: "payroll" }, deliveries: { sent: 1, failed: 0, pending: 0 } }] });
    const resolved = alertListSchema.parse(await (await call(alertsRoute.GET, "GET", "/api/alerts?status=resolved", viewer.cookie)).json());
    expect(resolved).toMatchObject({ total: 1, openCount: 1, alerts: [{ id: "al_done1", resolution: "A backup." }] });
    expect((await call(alertsRoute.GET, "GET", "/api/alerts?status=closed", viewer.cookie)).status).toBe(422);
  });
});
