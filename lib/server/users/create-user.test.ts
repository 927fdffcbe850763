import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { getAuth } from "@/lib/server/auth/auth";
import { getDb } from "@/lib/server/db/client";
import { apiRoutes } from "@/lib/server/http/api-routes";
import { withRoute } from "@/lib/server/http/with-route";
import { signedInUser } from "@/lib/server/testing/users";
import { createUser } from "@/lib/server/users/create-user";

// As app/api/users/route.ts wires it (lib/server may not import app/).
const POST = withRoute(apiRoutes.createUser, async ({ body, user, requestId }) =>
  createUser({ db: getDb(), auth: getAuth() }, body, { id: user.id, requestId }),
);

describe("POST /api/users at once with one email", () => {
  it("creates the user once; every other request is a 409 on the email field, never a 500", async () => {
    const admin = await signedInUser("admin");
    const email = `race-${Date.now()}@test.local`;
    const send = (i: number) =>
      POST(
        new NextRequest("http://127.0.0.1:3000/api/users", {
          method: "POST",
          headers: { "content-type": "application/json", cookie: admin.cookie },
          body: JSON.stringify({ name: `Racer ${i}`, email, password: "password123", role: "viewer" }),
        }),
        { params: Promise.resolve({}) },
      );
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => send(i)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(29);
    for (const res of responses.filter((r) => r.status === 409)) {
      expect((await res.json()).error).toMatchObject({ code: "CONFLICT", fieldErrors: { email: ["A user with this email already exists"] } });
    }
    expect(await getDb().user.count({ where: { email } })).toBe(1);
    expect(await getDb().auditEvent.count({ where: { action: "user.create", after: { path: ["email"], equals: email } } })).toBe(1);
  });
});
