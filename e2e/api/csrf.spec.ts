import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { baseURL } from "../fixtures/config";
import { expect, test } from "../fixtures";

// A page on another port of the same host is the same site: the SameSite=Lax session cookie rides along on its
// requests. It may send "simple" requests (text/plain bodies, no-cors) without a preflight; these are the headers a
// browser gives such a request. Every one is refused and writes nothing.

const otherPort = new URL(baseURL).port === "4000" ? 4001 : 4000;
const attackerOrigin = `http://127.0.0.1:${otherPort}`;

function newUser() {
  const tag = randomBytes(4).toString("hex");
  return { name: `CSRF ${tag}`, email: `csrf-${tag}@e2e.test`, password: `pw-${tag}-secret`, role: "admin" };
}

async function userExists(api: APIRequestContext, email: string): Promise<boolean> {
  const res = await api.get("/api/users");
  expect(res.status()).toBe(200);
  const { users } = (await res.json()) as { users: { email: string }[] };
  return users.some((u) => u.email === email);
}

test.describe("cross-site requests", () => {
  test("a text/plain POST /api/users with the admin's cookie is refused (415) and creates no user", async ({ adminApi }) => {
    const input = newUser();
    // What `fetch(url, { method: "POST", mode: "no-cors", credentials: "include", body: JSON.stringify(input) })`
    // sends from the attacker's page; and the same without the browser's headers (a script replaying it).
    const cases: [Record<string, string>, number, string][] = [
      [{ "content-type": "text/plain;charset=UTF-8", origin: attackerOrigin, "sec-fetch-site": "same-site", "sec-fetch-mode": "no-cors" }, 403, "FORBIDDEN"],
      [{ "content-type": "text/plain;charset=UTF-8", origin: baseURL }, 415, "UNSUPPORTED_MEDIA_TYPE"],
      [{ "content-type": "text/plain" }, 415, "UNSUPPORTED_MEDIA_TYPE"],
      [{ "content-type": "application/x-www-form-urlencoded" }, 415, "UNSUPPORTED_MEDIA_TYPE"],
    ];
    for (const [headers, status, code] of cases) {
      const res = await adminApi.post("/api/users", { headers, data: JSON.stringify(input) });
      expect(res.status(), JSON.stringify(headers)).toBe(status);
      expect(await res.json()).toMatchObject({ error: { code, requestId: res.headers()["x-request-id"] } });
    }
    expect(await userExists(adminApi, input.email)).toBe(false);
  });

  test("a JSON POST from another origin, from Origin: null or flagged cross-site is refused (403) and writes nothing", async ({ adminApi }) => {
    const input = newUser();
    const refused: Record<string, string>[] = [
      { origin: "http://evil.example" },
      { origin: attackerOrigin },
      { origin: "null" },
      { "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "cross-site" },
      { referer: `${attackerOrigin}/attack.html` },
    ];
    for (const headers of refused) {
      const res = await adminApi.post("/api/users", { headers, data: input });
      expect(res.status(), JSON.stringify(headers)).toBe(403);
      expect((await res.json()).error.code).toBe("FORBIDDEN");
    }
    // A bodyless cross-site change (a plan retry, a delete) is refused by its Origin alone.
    expect((await adminApi.delete("/api/plans/plan_missing0", { headers: { origin: attackerOrigin } })).status()).toBe(403);
    expect(await userExists(adminApi, input.email)).toBe(false);
  });

  test("the console's own pages, and clients that send no browser headers, still make changes", async ({ adminApi }) => {
    const fromPage = newUser();
    const res = await adminApi.post("/api/users", { headers: { origin: baseURL, "sec-fetch-site": "same-origin" }, data: fromPage });
    expect(res.status(), await res.text()).toBe(201);
    const fromScript = newUser();
    expect((await adminApi.post("/api/users", { headers: { "content-type": "application/json; charset=utf-8" }, data: JSON.stringify(fromScript) })).status()).toBe(201);
    expect(await userExists(adminApi, fromPage.email)).toBe(true);
    expect(await userExists(adminApi, fromScript.email)).toBe(true);
  });
});
