import { expect, test } from "../fixtures";

test.describe("users API", () => {
  test("an admin creates a user who can then sign in with that role", async ({ adminApi, makeUser, apiAs }) => {
    const user = await makeUser("viewer");
    const list = await (await adminApi.get("/api/users")).json();
    expect(list.users).toContainEqual(expect.objectContaining({ id: user.id, email: user.email, role: "viewer", disabled: false }));
    const api = await apiAs(user);
    expect(await (await api.get("/api/me")).json()).toMatchObject({ email: user.email, role: "viewer" });
  });

  test("bad input gets 422 with every field error keyed by name", async ({ adminApi }) => {
    const res = await adminApi.post("/api/users", { data: { name: "", email: "not-an-email", password: "short", role: "owner" } });
    expect(res.status()).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["email", "name", "password", "role"]);
  });

  test("a duplicate email is a 409 on the email field", async ({ adminApi, makeUser }) => {
    const user = await makeUser("viewer");
    const res = await adminApi.post("/api/users", { data: { name: "Dup", email: user.email.toUpperCase(), password: "password123", role: "admin" } });
    expect(res.status()).toBe(409);
    expect((await res.json()).error.fieldErrors).toEqual({ email: ["A user with this email already exists"] });
  });

  test("role changes take effect on the next request; disabling signs the user out", async ({ adminApi, makeUser, apiAs }) => {
    const user = await makeUser("viewer");
    const api = await apiAs(user);
    expect((await api.post("/api/users", { data: {} })).status()).toBe(403);
    // GET /api/me is answered by the fast lane (instrumentation-fast-lane.ts), the changes below by Next's
    // pipeline: both must see them at once.
    expect(await (await api.get("/api/me")).json()).toMatchObject({ role: "viewer" });

    const promoted = await adminApi.patch(`/api/users/${user.id}`, { data: { role: "admin" } });
    expect(await promoted.json()).toMatchObject({ role: "admin" });
    expect(await (await api.get("/api/me")).json()).toMatchObject({ role: "admin" });
    expect((await api.post("/api/users", { data: {} })).status()).toBe(422);

    const disabled = await adminApi.patch(`/api/users/${user.id}`, { data: { disabled: true } });
    expect(await disabled.json()).toMatchObject({ disabled: true });
    expect((await api.get("/api/me")).status()).toBe(401);
    const again = await api.post("/api/auth/sign-in/email", { data: { email: user.email, password: user.password } });
    expect(again.status()).toBe(403);
  });

  test("an admin cannot disable themselves", async ({ adminApi }) => {
    const me = await (await adminApi.get("/api/me")).json();
    const res = await adminApi.patch(`/api/users/${me.id}`, { data: { disabled: true } });
    expect(res.status()).toBe(409);
    expect((await res.json()).error.fieldErrors).toEqual({ disabled: ["You cannot disable yourself"] });
  });

  test("an empty change and an unknown user are clear 4xx answers", async ({ adminApi }) => {
    const empty = await adminApi.patch("/api/users/whoever", { data: {} });
    expect(empty.status()).toBe(422);
    const unknown = await adminApi.patch("/api/users/no-such-user", { data: { role: "admin" } });
    expect(unknown.status()).toBe(404);
  });
});
