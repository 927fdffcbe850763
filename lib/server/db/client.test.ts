import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/server/db/client";

describe("the database client", () => {
  afterAll(() => getDb().$disconnect());

  it("reads the relations of a row inside a transaction one query at a time on its connection", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.prependListener("warning", onWarning); // before the setup's guard, which throws
    try {
      const db = getDb();
      const id = `usr_${randomUUID()}`;
      await db.user.create({
        data: {
          id,
          name: "Relations",
          email: `${id}@example.com`,
          sessions: { create: { id: `ses_${randomUUID()}`, token: randomUUID(), expiresAt: new Date(Date.now() + 60_000) } },
          accounts: { create: { id: `acc_${randomUUID()}`, accountId: id, providerId: "credential" } },
        },
      });
      const read = await db.$transaction(async (tx) => tx.user.findMany({ where: { id }, include: { sessions: true, accounts: true, auditEvents: true, plans: true } }));
      expect(read[0]).toMatchObject({ id, sessions: [expect.anything()], accounts: [expect.anything()] });
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      expect(warnings.filter((m) => m.includes("already executing a query"))).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
