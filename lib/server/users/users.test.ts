import { describe, expect, it } from "vitest";
import { getAuth } from "@/lib/server/auth/auth";
import { forgetSession, getSessionUser } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db/client";
import { signedInUser } from "@/lib/server/testing/users";
import { createUser } from "@/lib/server/users/create-user";
import { ensureAdmin } from "@/lib/server/users/ensure-admin";
import { listUsers } from "@/lib/server/users/list-users";
import { updateUser } from "@/lib/server/users/update-user";

const deps = () => ({ db: getDb(), auth: getAuth() });

describe("users", () => {
  it("creates a user with a hashed password, lower-cased email and an audit event", async () => {
    const admin = await signedInUser("admin");
    const user = await createUser(deps(), { name: "Ann", email: "Ann@Example.COM", password: "password123", role: "viewer" }, { id: admin.id, requestId: "req-1" });
    expect(user).toMatchObject({ name: "Ann", email: "ann@example.com", role: "viewer", disabled: false });
    const account = await getDb().account.findFirstOrThrow({ where: { userId: user.id } });
    expect(account.password).toBeTruthy();
    expect(account.password).not.toContain("password123");
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { targetId: user.id } });
    expect(audit).toMatchObject({ action: "user.create", actorId: admin.id, requestId: "req-1" });
    expect((await listUsers(getDb())).map((u) => u.email)).toContain("ann@example.com");
  });

  it("refuses a second user with the same email as a 409 on the email field", async () => {
    await createUser(deps(), { name: "Bo", email: "bo@example.com", password: "password123", role: "viewer" }, { id: null });
    await expect(
      createUser(deps(), { name: "Bo 2", email: "BO@example.com", password: "password123", role: "admin" }, { id: null }),
    ).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: { email: ["A user with this email already exists"] } });
  });

  it("disabling a user ends their sessions and blocks sign-in", async () => {
    const admin = await signedInUser("admin");
    const viewer = await signedInUser("viewer");
    expect(await getDb().session.count({ where: { userId: viewer.id } })).toBe(1);
    const updated = await updateUser(getDb(), viewer.id, { disabled: true }, { id: admin.id });
    expect(updated.disabled).toBe(true);
    expect(await getDb().session.count({ where: { userId: viewer.id } })).toBe(0);
    const res = await getAuth().api.signInEmail({ body: { email: viewer.email, password: "correct horse battery" }, asResponse: true });
    expect(res.status).toBe(403);
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { targetId: viewer.id, action: "user.update" } });
    expect(audit.before).toEqual({ role: "viewer", disabled: false });
    expect(audit.after).toEqual({ role: "viewer", disabled: true });
  });

  it("a remembered session follows a role change and a ban at once, and is forgotten at sign-out", async () => {
    const admin = await signedInUser("admin");
    const viewer = await signedInUser("viewer");
    // A fresh Headers per request: React's per-render cache keys on the object, the session cache on the token.
    const headers = () => new Headers({ cookie: viewer.cookie });
    expect(await getSessionUser(headers())).toMatchObject({ id: viewer.id, role: "viewer" });
    await updateUser(getDb(), viewer.id, { role: "admin" }, { id: admin.id });
    expect(await getSessionUser(headers())).toMatchObject({ id: viewer.id, role: "admin" });
    await updateUser(getDb(), viewer.id, { disabled: true }, { id: admin.id });
    expect(await getSessionUser(headers())).toBeNull();

    const other = await signedInUser("viewer");
    const otherHeaders = () => new Headers({ cookie: other.cookie });
    expect(await getSessionUser(otherHeaders())).toMatchObject({ id: other.id });
    await getAuth().api.signOut({ headers: otherHeaders() });
    forgetSession(otherHeaders());
    expect(await getSessionUser(otherHeaders())).toBeNull();
    expect(await getSessionUser(new Headers({ cookie: "better-auth.session_token=made-up.value" }))).toBeNull();
  });

  it("never lets an admin demote or disable themselves", async () => {
    const admin = await signedInUser("admin");
    await signedInUser("admin");
    await expect(updateUser(getDb(), admin.id, { role: "viewer" }, { id: admin.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(updateUser(getDb(), admin.id, { disabled: true }, { id: admin.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("answers 404 for an unknown user", async () => {
    const admin = await signedInUser("admin");
    await expect(updateUser(getDb(), "nope", { role: "admin" }, { id: admin.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("ensureAdmin creates the admin once, generating a password only when none is given", async () => {
    const first = await ensureAdmin(deps(), { email: "Root@hbr.test" });
    expect(first.created).toBe(true);
    expect(first.generatedPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const signIn = await getAuth().api.signInEmail({ body: { email: "root@hbr.test", password: first.generatedPassword! }, asResponse: true });
    expect(signIn.status).toBe(200);
    const again = await ensureAdmin(deps(), { email: "root@hbr.test", password: "another-password" });
    expect(again).toEqual({ email: "root@hbr.test", created: false });
    const given = await ensureAdmin(deps(), { email: "chosen@hbr.test", password: "chosen-password" });
    expect(given).toEqual({ email: "chosen@hbr.test", created: true, generatedPassword: undefined });
  });
});
