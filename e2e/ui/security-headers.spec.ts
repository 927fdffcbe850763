import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import type { APIResponse, Page, Response } from "@playwright/test";
import { admin, baseURL } from "../fixtures/config";
import { expect, expectAccessible, signInPage, test } from "../fixtures";
import { PlanPage } from "../pages/plan.page";
import { SignInPage } from "../pages/sign-in.page";
import { WizardPage } from "../pages/wizard.page";
import { freePort, waitForPort } from "../../scripts/lib/ports";
import { labels } from "@/lib/schemas/labels";
import { defaultPlanInput, type PlanDetail } from "@/lib/schemas/plan";

// Hangzhou's hz-erp-db belongs to this spec: no other spec binds it.
const REGION = "cn-hangzhou";
const INSTANCE = "i-bp1demo000000001";

/** Every CSP violation the page reports, from the DOM event and from Chromium's console line. */
async function watchCsp(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction("__cspViolation", (line: string) => seen.push(line));
  await page.addInitScript(() => {
    document.addEventListener(
      "securitypolicyviolation",
      (e) => void (window as unknown as { __cspViolation: (l: string) => void }).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} on ${location.pathname} (${e.sourceFile}:${e.lineNumber})`),
      true,
    );
  });
  page.on("console", (m) => {
    if (m.text().includes("Content Security Policy")) seen.push(`console: ${m.text()}`);
  });
  return seen;
}

/** The headers every response carries, page, API or static file. */
function expectCommonHeaders(headers: Record<string, string>, what: string): void {
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"], what).toMatch(/(^|, )camera=\(\)/);
  expect(headers["permissions-policy"], what).toMatch(/(^|, )microphone=\(\)/);
  expect(headers["permissions-policy"], what).toMatch(/(^|, )geolocation=\(\)/);
  // The e2e console runs on http: no HSTS (it is only sent when PUBLIC_URL is https).
  expect(headers["strict-transport-security"], what).toBeUndefined();
}

/** A page's CSP: a per-request nonce, 'strict-dynamic', no 'unsafe-eval' in production, framing refused. */
function expectPageCsp(headers: Record<string, string>, what: string): string {
  const csp = headers["content-security-policy"] ?? "";
  const directives = new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
  const scripts = directives.get("script-src") ?? [];
  const nonce = scripts.find((s) => s.startsWith("'nonce-"))?.slice(7, -1) ?? "";
  expect(nonce, `${what}: script-src has a nonce (${csp})`).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
  expect(scripts, what).toContain("'strict-dynamic'");
  expect(scripts, what).not.toContain("'unsafe-eval'");
  expect(scripts, what).not.toContain("'unsafe-inline'");
  expect(directives.get("default-src"), what).toEqual(["'self'"]);
  expect(directives.get("connect-src"), what).toEqual(["'self'"]);
  expect(directives.get("img-src"), what).toEqual(["'self'", "data:", "blob:"]);
  expect(directives.get("object-src"), what).toEqual(["'none'"]);
  expect(directives.get("frame-ancestors"), what).toEqual(["'none'"]);
  return nonce;
}

async function visitPage(page: Page, path: string, heading: string | RegExp): Promise<Response> {
  const res = await page.goto(path);
  expect(res, path).not.toBeNull();
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(heading);
  expectPageCsp(await res!.allHeaders(), path);
  return res!;
}

test.describe("Security headers and Content-Security-Policy", () => {
  test("every console page runs under its CSP without a single violation, axe included", async ({ page, adminApi }) => {
    test.setTimeout(240_000);
    const violations = await watchCsp(page);

    // A Manual Backup plan of this spec's instance, for its plan page.
    const input = { ...defaultPlanInput(REGION), name: `ui-csp-${randomBytes(3).toString("hex")}`, backupObjects: { instances: [{ instanceId: INSTANCE, protectAllDisks: true, diskIds: [] }] } };
    const created = await adminApi.post("/api/plans", { data: input, headers: { "idempotency-key": randomUUID() } });
    expect(created.status(), await created.text()).toBe(201);
    const plan = (await created.json()) as PlanDetail;

    // Sign in through the form: the page's scripts must run for it to work.
    const signIn = await visitPage(page, "/sign-in", "Sign in to HBR Console");
    const nonce = expectPageCsp(await signIn.allHeaders(), "/sign-in");
    // Next put the request's nonce on every inline script it wrote (the browser hides it from getAttribute).
    const inline = await page.evaluate(() => [...document.querySelectorAll("script:not([src])")].map((s) => (s as HTMLScriptElement).nonce));
    expect(inline.length).toBeGreaterThan(0);
    expect(new Set(inline)).toEqual(new Set([nonce]));
    // The watcher works, and the CSP does its job: injected markup (the XSS case) cannot run script.
    await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<img alt="" src="/x.png" onerror="window.__xss = 1">'));
    await expect.poll(() => violations.filter((v) => v.startsWith("script-src-attr")).length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    violations.length = 0;
    await new SignInPage(page).signIn(admin);
    await page.waitForURL(/\/dashboard/);

    const dashboard = await visitPage(page, `/dashboard?region=${REGION}`, "Dashboard");
    expect(expectPageCsp(await dashboard.allHeaders(), "/dashboard"), "a fresh nonce per request").not.toBe(nonce);
    await expectAccessible(page);
    await visitPage(page, `/plans?region=${REGION}`, "Protection Plans");
    await visitPage(page, `/plans/${plan.id}?region=${REGION}`, plan.name);
    await expect(new PlanPage(page).instances()).toContainText("hz-erp-db");
    await visitPage(page, `/instances?region=${REGION}`, "ECS Instances");
    // The instance page is titled with the instance's name (its id beneath).
    await visitPage(page, `/instances/${INSTANCE}?region=${REGION}`, "hz-erp-db");
    await visitPage(page, `/policies?region=${REGION}`, labels.policyCenter);
    await visitPage(page, "/restores", "Restore Center");
    await visitPage(page, "/users", "Users");
    await visitPage(page, "/audit", "Audit log");
    const missing = await page.goto("/no-such-page");
    expect(missing?.status()).toBe(404);
    expectPageCsp(await missing!.allHeaders(), "/no-such-page");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");

    // The wizard last (leaving it asks first): every step, up to Review.
    const wizard = new WizardPage(page);
    await wizard.open("cn-shanghai");
    await wizard.selectInstance("sh-oracle");
    await wizard.goToReview();
    await wizard.expectStep(labels.review);
    await expectAccessible(page);

    expect(violations).toEqual([]);
    const del = await adminApi.delete(`/api/plans/${plan.id}`);
    expect([202, 404]).toContain(del.status());
  });

  test("pages, API answers and static files carry the security headers", async ({ page, request }) => {
    const pageRes = await request.get("/sign-in");
    expect(pageRes.status()).toBe(200);
    expectCommonHeaders(pageRes.headers(), "page /sign-in");
    expectPageCsp(pageRes.headers(), "page /sign-in");
    expect(pageRes.headers()["content-security-policy"], "plain http: nothing to upgrade").not.toContain("upgrade-insecure-requests");

    const checks: [string, APIResponse][] = [["API /api/health", await request.get("/api/health")], ["API /api/plans (401)", await request.get("/api/plans")]];
    await page.goto("/sign-in");
    const src = await page.locator('script[src*="/_next/static/"]').first().getAttribute("src");
    expect(src).toBeTruthy();
    checks.push([`static ${src}`, await request.get(src!)]);
    for (const [what, res] of checks) {
      expect(res.status(), what).toBeLessThan(500);
      expectCommonHeaders(res.headers(), what);
      expect(res.headers()["content-security-policy"], what).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  test("no page can be framed, by another origin or by the console itself", async ({ page }) => {
    await signInPage(page, admin);
    const refused: string[] = [];
    page.on("console", (m) => {
      if (m.text().includes("frame-ancestors 'none'")) refused.push(m.text());
    });
    const framer = (src: string) => `<!doctype html><title>framer</title><iframe id="f" src="${src}"></iframe>`;

    // Another origin (localhost, not 127.0.0.1) frames /users, the clickjacking case: Chromium shows its error page
    // in the frame instead (it used to show the console's sign-in page).
    const other = baseURL.replace("127.0.0.1", "localhost");
    await page.route(`${other}/framer`, (route) => route.fulfill({ contentType: "text/html", body: framer(`${baseURL}/users`) }));
    await page.goto(`${other}/framer`);
    const child = () => page.frames().find((f) => f !== page.mainFrame());
    await expect.poll(() => child()?.url()).toMatch(/^chrome-error:/);
    await expect(child()!.getByRole("heading", { name: /Sign in|Users/ })).toHaveCount(0);

    // The console's own origin, signed in: still an empty, blocked frame instead of the Users page.
    refused.length = 0;
    await page.route(`${baseURL}/framing-check`, (route) => route.fulfill({ contentType: "text/html", body: framer("/users") }));
    await page.goto("/framing-check");
    await expect.poll(() => refused.length).toBeGreaterThan(0);
    const framed = await page.locator("#f").evaluate((f) => (f as HTMLIFrameElement).contentDocument?.querySelector("h1")?.textContent ?? null);
    expect(framed).toBeNull();
  });

  test("HSTS is sent only when PUBLIC_URL is https, read when the console starts (not when it was built)", async ({ request }) => {
    // The e2e console runs on http: expectCommonHeaders checks it sends no HSTS. Here the same build, started with
    // an https PUBLIC_URL (no database needed for these answers).
    const port = await freePort();
    const server = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
      env: { ...process.env, NODE_ENV: "production", PUBLIC_URL: "https://console.example.test", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: "ignore",
    });
    try {
      await waitForPort(port, "127.0.0.1", () => server.exitCode === null, 30_000);
      const url = `http://127.0.0.1:${port}`;
      for (const [method, where] of [["GET", "/sign-in"], ["GET", "/api/me"], ["TRACE", "/"]] as const) {
        const res = await request.fetch(`${url}${where}`, { method, maxRedirects: 0 });
        expect(res.headers()["strict-transport-security"], `${method} ${where}`).toBe("max-age=31536000; includeSubDomains");
      }
      const page = await request.get(`${url}/sign-in`);
      expect(page.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");
    } finally {
      server.kill("SIGTERM");
    }
  });
});
