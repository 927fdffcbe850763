// Sign-in rate limit against the real better-auth handler and PostgreSQL, as the web process runs it: every
// request carries the socket address instrumentation-node.ts stamps in the web process.
process.env.AUTH_RATE_LIMIT_MAX = "3";
process.env.AUTH_RATE_LIMIT_WINDOW_S = "60";

import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { guardNodeServer } from "@/instrumentation-node";
import { handleAuthRequest, pruneRateLimits } from "@/lib/server/auth/handler";
import { PEER_ADDRESS_HEADER } from "@/lib/server/auth/client-address";
import { getDb } from "@/lib/server/db/client";
import { signedInUser } from "@/lib/server/testing/users";

// What the web process does at start (instrumentation.ts): every request of this process carries its peer address.
guardNodeServer();

function signIn(peer: string, headers: Record<string, string> = {}, password = "wrong-password") {
  return handleAuthRequest(
    new Request("http://127.0.0.1:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", [PEER_ADDRESS_HEADER]: peer, ...headers },
      body: JSON.stringify({ email: "nobody@test.local", password }),
    }),
  );
}

describe("sign-in rate limit", () => {
  it("the web process stamps each request with its socket address, over a value the client sent", async () => {
    const server = http.createServer((req, res) => res.end(String(req.headers[PEER_ADDRESS_HEADER])));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    try {
      const seen = await new Promise<string>((resolve, reject) => {
        const req = http.get({ host: "127.0.0.1", port, localAddress: "127.0.0.3", headers: { [PEER_ADDRESS_HEADER]: "203.0.113.1" } }, (res) => {
          let body = "";
          res.on("data", (d) => (body += d));
          res.on("end", () => resolve(body));
        });
        req.on("error", reject);
      });
      expect(seen).toBe("127.0.0.3");
    } finally {
      server.close();
    }
  });

  it("counts attempts per socket address: rotating X-Forwarded-For still gets 429 after the limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await signIn("198.51.100.7", { "x-forwarded-for": `203.0.113.${i + 1}` })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
  });

  it("ignores a client-address header the client wrote itself", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await signIn("198.51.100.8", { "x-hbr-client-address": `203.0.113.${i + 20}`, "x-forwarded-for": `203.0.113.${i + 40}` });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it("does not lock out the address a spoofer names", async () => {
    for (let i = 0; i < 5; i++) await signIn("198.51.100.9", { "x-forwarded-for": "198.51.100.10" });
    expect((await signIn("198.51.100.10")).status).toBe(401);
  });

  it("a header spray adds one rate_limit row per socket address, and rows past the window are pruned", async () => {
    const before = await getDb().rateLimit.count();
    for (let i = 0; i < 20; i++) await signIn("198.51.100.11", { "x-forwarded-for": `192.0.2.${i + 1}` });
    expect(await getDb().rateLimit.count()).toBe(before + 1);

    const old = BigInt(Date.now() - 61_000);
    await getDb().rateLimit.createMany({ data: Array.from({ length: 50 }, (_, i) => ({ id: `old-${i}`, key: `192.0.2.${i}|/sign-in/email`, count: 1, lastRequest: old })) });
    expect(await pruneRateLimits()).toBe(50);
    expect(await getDb().rateLimit.count({ where: { lastRequest: { lte: old } } })).toBe(0);
  });

  it("records the socket address, not X-Forwarded-For, on the session", async () => {
    const user = await signedInUser("viewer");
    await getDb().session.deleteMany({ where: { userId: user.id } });
    const res = await handleAuthRequest(
      new Request("http://127.0.0.1:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", [PEER_ADDRESS_HEADER]: "::ffff:198.51.100.12", "x-forwarded-for": "203.0.113.99" },
        body: JSON.stringify({ email: user.email, password: "correct horse battery" }),
      }),
    );
    expect(res.status).toBe(200);
    const session = await getDb().session.findFirstOrThrow({ where: { userId: user.id } });
    expect(session.ipAddress).toBe("198.51.100.12");
  });
});
