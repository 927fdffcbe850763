import "server-only";
import { PgBoss } from "pg-boss";
import { queues } from "@/lib/server/jobs/queues";

/** A started pg-boss on `databaseUrl` (schema `pgboss`) with every queue of ./queues created. */
export async function startBoss(databaseUrl: string, onError: (err: Error) => void): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: "pgboss" });
  boss.on("error", onError);
  await boss.start();
  for (const { name } of Object.values(queues)) await boss.createQueue(name);
  return boss;
}
