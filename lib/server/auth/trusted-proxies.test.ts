// With TRUSTED_PROXIES, the X-Forwarded-For of a trusted peer names the client (right-most untrusted hop).
process.env.AUTH_RATE_LIMIT_MAX = "3";
process.env.TRUSTED_PROXIES = "10.0.0.0/8, 192.0.2.1";

import { describe, expect, it } from "vitest";
import { guardNodeServer } from "@/instrumentation-node";
import { handleAuthRequest } from "@/lib/server/auth/handler";
import { PEER_ADDRESS_HEADER, resolveClientAddress, trustedProxyList } from "@/lib/server/auth/client-address";

// What the web process does at start (instrumentation.ts): every request of this process carries its peer address.
guardNodeServer();

function signIn(peer: string, forwardedFor: string) {
  return handleAuthRequest(
    new Request("http://127.0.0.1:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", [PEER_ADDRESS_HEADER]: peer, "x-forwarded-for": forwardedFor },
      body: JSON.stringify({ email: "nobody@test.local", password: "wrong-password" }),
    }),
  );
}

describe("TRUSTED_PROXIES", () => {
  it("believes the header a trusted proxy forwards: each client behind it has its own limit", async () => {
    const client = async (address: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await signIn("10.1.2.3", `${address}`)).status);
      return statuses;
    };
    expect(await client("203.0.113.5")).toEqual([401, 401, 401, 429]);
    expect(await client("203.0.113.6")).toEqual([401, 401, 401, 429]);
  });

  it("takes the right-most address that is not a trusted proxy, so a client cannot prepend its way out", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await signIn("10.1.2.3", `198.51.100.${i + 1}, 203.0.113.7, 192.0.2.1`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it("does not believe the header from a peer that is not a trusted proxy", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await signIn("198.51.100.50", `203.0.113.${i + 60}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it.each([
    ["203.0.113.1", null, "203.0.113.1"],
    ["10.0.0.1", "203.0.113.2", "203.0.113.2"],
    ["10.0.0.1", "1.1.1.1, 203.0.113.2, 10.0.0.9", "203.0.113.2"],
    ["::ffff:10.0.0.1", "203.0.113.3", "203.0.113.3"],
    ["10.0.0.1", "10.0.0.2", "10.0.0.2"],
    ["10.0.0.1", "not-an-ip", "10.0.0.1"],
    ["203.0.113.4", "10.0.0.2", "203.0.113.4"],
  ])("peer %s, X-Forwarded-For %s → %s", (peer, forwardedFor, client) => {
    expect(resolveClientAddress(peer, forwardedFor, trustedProxyList(["10.0.0.0/8"]))).toBe(client);
  });

  it("knows no client without a peer address", () => {
    expect(resolveClientAddress(null, "203.0.113.1", trustedProxyList([]))).toBeNull();
  });
});
