import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIRequestContext, Page } from "@playwright/test";
import { SMTPServer } from "smtp-server";
import { admin, e2eSmtpPort, emulatorURL } from "../fixtures/config";
import { expect, expectAccessible, signInPage, test } from "../fixtures";
import { AlertsPage } from "../pages/alerts.page";
import { PlanPage } from "../pages/plan.page";
import { webhookEventSchema, type WebhookEvent } from "@/lib/schemas/alerts";
import { defaultPlanInput, planActionLabels, type PlanDetail } from "@/lib/schemas/plan";

// Alerts end to end, through the UI: a webhook channel receives a failed backup's alert and its resolution, signed
// with the secret shown once; an email channel's Send test reaches an SMTP server; viewers read but change nothing.
// sg-hdd-archive (Singapore) is used by no other spec: its backups fail here on purpose.
const REGION = "ap-southeast-1";
const INSTANCE = "sg-hdd-archive";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local webhook receiver on a free port, keeping every request it gets. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/hbr`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Whether X-Signature is `sha256=` + HMAC-SHA256(secret, raw body). */
function isSignedWith(secret: string, { headers, body }: Received): boolean {
  const header = String(headers["x-signature"] ?? "");
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The generic-format events received about one plan. */
const eventsOf = (received: Received[], planId: string): { event: WebhookEvent; request: Received }[] =>
  received.flatMap((request) => {
    const parsed = webhookEventSchema.safeParse(JSON.parse(request.body));
    return parsed.success && parsed.data.alert?.planId === planId ? [{ event: parsed.data, request }] : [];
  });

async function instanceIdOf(api: APIRequestContext, name: string): Promise<string> {
  const res = await api.get(`/api/regions/${REGION}/instances?q=${name}`);
  const { instances } = (await res.json()) as { instances: { instanceId: string; instanceName: string }[] };
  return instances.find((i) => i.instanceName === name)!.instanceId;
}

/** A Manual Backup plan of the instance, waited on until Active with its first backup finished. */
async function backedUpManualPlan(api: APIRequestContext, instanceId: string, name: string): Promise<PlanDetail> {
  const input = { ...defaultPlanInput(REGION), name, backupObjects: { instances: [{ instanceId, protectAllDisks: true, diskIds: [] }] } };
  const res = await api.post("/api/plans", { data: input, headers: { "idempotency-key": randomUUID() } });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = (await res.json()) as PlanDetail;
  let plan: PlanDetail | undefined;
  await expect(async () => {
    plan = (await (await api.get(`/api/plans/${id}`)).json()) as PlanDetail;
    expect(plan.status).toBe("active");
    const jobs = (await (await api.get(`/api/jobs?planId=${id}`)).json()) as { jobs: { status: string }[] };
    expect(jobs.jobs.map((j) => j.status)).toEqual(["COMPLETE"]);
  }).toPass({ timeout: 90_000 });
  return plan!;
}

async function channelIdOf(api: APIRequestContext, name: string): Promise<string> {
  const { channels } = (await (await api.get("/api/alerts/channels")).json()) as { channels: { id: string; name: string }[] };
  return channels.find((c) => c.name === name)!.id;
}

const runBackupNow = (page: Page) => page.getByRole("main").getByRole("button", { name: planActionLabels.runNow, exact: true });

test.describe("alerts", () => {
  test("a failed backup reaches a webhook signed with the secret shown once, shows as open, and resolves after a good backup", async ({ page, adminApi, visit }) => {
    test.setTimeout(300_000);
    const tag = randomBytes(3).toString("hex");
    const receiver = await startReceiver();
    const channelName = `e2e-hook-${tag}`;
    try {
      const instanceId = await instanceIdOf(adminApi, INSTANCE);
      const planPromise = backedUpManualPlan(adminApi, instanceId, `ui-alerts-${tag}`);

      // The channel, through the dialog: the secret is shown once and copied.
      await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
      await signInPage(page, admin);
      await visit("/alerts?tab=channels");
      const alerts = new AlertsPage(page);
      await expect(alerts.heading()).toHaveText("Alerts");
      const secret = await alerts.addWebhook(channelName, receiver.url);
      expect(secret.length).toBeGreaterThanOrEqual(32);
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
      await expect(alerts.channelRow(channelName)).toContainText("http://127.0.0.1");
      // Only scheme and host come back: never the path, never the secret.
      await expect(alerts.channelRow(channelName)).not.toContainText("/hooks/hbr");
      expect(await (await adminApi.get("/api/alerts/channels")).text()).not.toContain(secret);
      await expectAccessible(page);

      // The plan's next backup fails in the emulator; Run backup now from the plan page.
      const plan = await planPromise;
      const failure = await fetch(`${emulatorURL}/__emulator/backup-failures`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ instanceId, regionId: REGION, count: 1, errorMessage: `E2E disk read error ${tag}` }),
      });
      expect(failure.status, await failure.text()).toBeLessThan(300);
      await visit(`/plans/${plan.id}?region=${REGION}`);
      const view = new PlanPage(page);
      await expect(view.heading()).toHaveText(plan.name);
      const clickedAt = Date.now();
      await runBackupNow(page).click();

      await expect.poll(() => eventsOf(receiver.received, plan.id).filter((e) => e.event.event === "alert.opened").length, { timeout: 120_000 }).toBe(1);
      test.info().annotations.push({ type: "Run backup now → alert.opened webhook", description: `${((Date.now() - clickedAt) / 1000).toFixed(1)} s (the backup job's own run included)` });
      const opened = eventsOf(receiver.received, plan.id).find((e) => e.event.event === "alert.opened")!;
      expect(isSignedWith(secret, opened.request), `X-Signature ${String(opened.request.headers["x-signature"])}`).toBe(true);
      expect(isSignedWith("not-the-secret", opened.request)).toBe(false);
      expect(opened.event.alert).toMatchObject({ kind: "backupJobFailed", status: "open", planId: plan.id });

      // The notice's link opens /alerts on the alert, open, with its plan linked.
      const link = new URL(opened.event.alert!.url);
      expect(link.hash).toBe(`#${opened.event.alert!.id}`);
      await visit(`${link.pathname}${link.search}${link.hash}`);
      const openRow = alerts.alertRow("Open", plan.name);
      await expect(openRow).toBeVisible();
      await expect(openRow).toHaveAttribute("id", opened.event.alert!.id);
      await expect(openRow).toContainText("Backup job failed");
      await expect(openRow.getByRole("link", { name: plan.name })).toHaveAttribute("href", `/plans/${plan.id}`);
      await expect(openRow.getByTestId("alert-deliveries")).toContainText(/[1-9]\d* sent/);

      // A good backup resolves it: one "resolved" notice, and the alert moves under Resolved.
      await visit(`/plans/${plan.id}?region=${REGION}`);
      await runBackupNow(page).click();
      await expect.poll(() => eventsOf(receiver.received, plan.id).filter((e) => e.event.event === "alert.resolved").length, { timeout: 120_000 }).toBe(1);
      const resolved = eventsOf(receiver.received, plan.id).find((e) => e.event.event === "alert.resolved")!;
      expect(isSignedWith(secret, resolved.request)).toBe(true);
      expect(resolved.event.alert).toMatchObject({ id: opened.event.alert!.id, status: "resolved" });
      // Never sent twice for one event.
      expect(eventsOf(receiver.received, plan.id).filter((e) => e.event.event === "alert.opened")).toHaveLength(1);

      await visit("/alerts");
      await expect(alerts.alertRow("Open", plan.name)).toHaveCount(0);
      await alerts.statusButton("Resolved").click();
      await expect(page).toHaveURL(/status=resolved/);
      await expect(alerts.alertRow("Resolved", plan.name)).toBeVisible();
      await expect(alerts.alertRow("Resolved", plan.name)).toContainText("Backup job failed");
      await page.reload();
      await expect(alerts.statusButton("Resolved")).toHaveAttribute("aria-pressed", "true");
      await expectAccessible(page);
    } finally {
      await receiver.close();
      const id = await channelIdOf(adminApi, channelName).catch(() => undefined);
      if (id) await adminApi.delete(`/api/alerts/channels/${id}`);
    }
  });

  test("Send test on an email channel reaches the SMTP server; a bad threshold is refused at its field", async ({ page, adminApi, visit }) => {
    test.setTimeout(120_000);
    const tag = randomBytes(3).toString("hex");
    const recipient = `oncall-${tag}@e2e.test`;
    const messages: { to: string[]; raw: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      smtp.once("error", reject);
      smtp.listen(e2eSmtpPort, "127.0.0.1", () => resolve());
    });
    const channelName = `e2e-mail-${tag}`;
    try {
      await signInPage(page, admin);
      await visit("/alerts?tab=channels");
      const alerts = new AlertsPage(page);
      await alerts.addEmail(channelName, recipient);
      await expect(alerts.channelRow(channelName)).toContainText(recipient);
      await expect(page.getByTestId("smtp-missing")).toHaveCount(0);
      await alerts.sendTest(channelName).click();
      await expect(alerts.channelRow(channelName).getByTestId("channel-test-result")).toContainText("Test sent", { timeout: 60_000 });
      // Alerts of other specs may reach this channel too: the test message is the one whose subject says so.
      const subjectOf = (raw: string) => /^Subject: (.*)$/m.exec(raw)?.[1] ?? "";
      const tests = () => messages.filter((m) => m.to.includes(recipient) && /test/i.test(subjectOf(m.raw)));
      await expect.poll(() => tests().length).toBe(1);
      expect(tests()[0].to).toEqual([recipient]);
      await expect(alerts.deliveries()).toContainText(channelName);
      // The delivery log filtered to this channel, in the URL.
      await page.getByRole("combobox", { name: "Channel" }).selectOption({ label: channelName });
      await expect(page).toHaveURL(/channel=ch_/);
      await expect(alerts.deliveries().getByRole("row").filter({ hasText: "Test" }).filter({ hasText: channelName })).toContainText("sent");
      await expect(alerts.deliveries().getByRole("row").filter({ hasNotText: channelName })).toHaveCount(1); // the header row

      // Off and on again: the switch is saved.
      await alerts.channelSwitch(channelName).click();
      await expect(alerts.channelSwitch(channelName)).toHaveAttribute("aria-checked", "false");
      await page.reload();
      await expect(alerts.channelSwitch(channelName)).toHaveAttribute("aria-checked", "false");
      await alerts.channelSwitch(channelName).click();
      await expect(alerts.channelSwitch(channelName)).toHaveAttribute("aria-checked", "true");

      // Rules: the threshold is checked at its field, before anything is sent.
      await alerts.openSection("Rules");
      await expect(page).toHaveURL(/tab=rules/);
      await alerts.threshold().fill("721");
      await alerts.saveRules().click();
      await expect(page.getByText("At most 720 hours (30 days)")).toBeVisible();
      await expect(alerts.threshold()).toHaveAttribute("aria-invalid", "true");
      await expectAccessible(page);
      // A rule no other test relies on, and the threshold: saved, and still so after a reload; then back to the defaults.
      await alerts.threshold().fill("48");
      await alerts.ruleSwitch("drillFailed").click();
      await alerts.saveRules().click();
      await expect(page.getByText("Alert rules saved.")).toBeVisible();
      await page.reload();
      await expect(alerts.threshold()).toHaveValue("48");
      await expect(alerts.ruleSwitch("drillFailed")).toHaveAttribute("aria-checked", "false");
      await expect(alerts.ruleSwitch("backupJobFailed")).toHaveAttribute("aria-checked", "true");
      await alerts.threshold().fill("24");
      await alerts.ruleSwitch("drillFailed").click();
      await alerts.saveRules().click();
      await expect(page.getByText("Alert rules saved.")).toBeVisible();

      // Delete asks first.
      await alerts.openSection("Channels");
      await alerts.deleteChannel(channelName).click();
      const confirm = page.getByRole("alertdialog");
      await expect(confirm).toContainText(`Delete ${channelName}?`);
      await confirm.getByRole("button", { name: "Delete channel" }).click();
      await expect(alerts.channelRow(channelName)).toHaveCount(0);
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      const id = await channelIdOf(adminApi, channelName).catch(() => undefined);
      if (id) await adminApi.delete(`/api/alerts/channels/${id}`);
    }
  });

  test("a viewer sees alerts, rules and channels but cannot change them; the API refuses too", async ({ page, adminApi, makeUser, apiAs, visit }) => {
    test.setTimeout(90_000);
    const tag = randomBytes(3).toString("hex");
    const channelName = `e2e-viewer-${tag}`;
    const created = await adminApi.post("/api/alerts/channels", { data: { type: "webhook", name: channelName, format: "slack", url: "http://127.0.0.1:9/services/T0/B0/secret-path" } });
    expect(created.status(), await created.text()).toBe(201);
    const channelId = ((await created.json()) as { channel: { id: string } }).channel.id;
    try {
      const viewer = await makeUser("viewer");
      await signInPage(page, viewer);
      await visit("/alerts");
      const alerts = new AlertsPage(page);
      await expect(alerts.heading()).toHaveText("Alerts");
      await expect(alerts.statusButton("Open")).toHaveAttribute("aria-pressed", "true");

      await alerts.openSection("Rules");
      await expect(page.getByText("Only admins can change alert rules.")).toBeVisible();
      await expect(alerts.ruleSwitch("backupJobFailed")).toBeDisabled();
      await expect(alerts.threshold()).toBeDisabled();
      await expect(alerts.saveRules()).toHaveCount(0);
      await expectAccessible(page);

      await alerts.openSection("Channels");
      await expect(alerts.channelRow(channelName)).toContainText("http://127.0.0.1:9");
      await expect(alerts.channelRow(channelName)).not.toContainText("secret-path");
      await expect(page.getByText("Only admins can add, change, test or delete channels.")).toBeVisible();
      await expect(alerts.addChannel()).toHaveCount(0);
      await expect(alerts.sendTest(channelName)).toHaveCount(0);
      await expect(alerts.deleteChannel(channelName)).toHaveCount(0);
      await expect(alerts.channelSwitch(channelName)).toHaveCount(0);
      await expect(alerts.deliveries().or(page.getByText("No deliveries yet"))).toBeVisible();
      await expectAccessible(page);

      const viewerApi = await apiAs(viewer);
      expect((await viewerApi.get("/api/alerts")).status()).toBe(200);
      expect((await viewerApi.get("/api/alerts/rules")).status()).toBe(200);
      expect((await viewerApi.put("/api/alerts/rules", { data: { rules: [{ kind: "planFailed", enabled: false }] } })).status()).toBe(403);
      expect((await viewerApi.post("/api/alerts/channels", { data: { type: "email", name: "x", recipients: ["a@e2e.test"] } })).status()).toBe(403);
      expect((await viewerApi.patch(`/api/alerts/channels/${channelId}`, { data: { enabled: false } })).status()).toBe(403);
      expect((await viewerApi.post(`/api/alerts/channels/${channelId}/test`)).status()).toBe(403);
      expect((await viewerApi.delete(`/api/alerts/channels/${channelId}`)).status()).toBe(403);
      const rules = (await (await adminApi.get("/api/alerts/rules")).json()) as { rules: { kind: string; enabled: boolean }[] };
      expect(rules.rules.find((r) => r.kind === "planFailed")?.enabled).toBe(true);
    } finally {
      await adminApi.delete(`/api/alerts/channels/${channelId}`);
    }
  });
});
