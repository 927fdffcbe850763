import { expect, test } from "../fixtures";

test("health reports the database, the queue and the cloud (a signed call to the emulator) without a session", async ({ anonApi }) => {
  const res = await anonApi.get("/api/health");
  expect(res.status()).toBe(200);
  expect(res.headers()["x-request-id"]).toBeTruthy();
  const body = await res.json();
  expect(body).toMatchObject({ status: "ok", db: { ok: true }, queue: { ok: true }, cloud: { ok: true, mode: "emulator" } });
  expect(body.cloud.regions).toBeGreaterThan(0);
  expect(body.db.latencyMs).toBeGreaterThanOrEqual(0);
  expect(body.queue.workers).toBeGreaterThanOrEqual(1);
  expect(Date.now() - Date.parse(body.queue.lastHeartbeatAt)).toBeLessThan(30_000);
});
