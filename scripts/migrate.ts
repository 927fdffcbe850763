// npm run db:migrate: applies prisma/migrations to DATABASE_URL (or the embedded server, which must be running).
import { databaseUrl } from "@/lib/server/env";
import { migrate, MigrationError, readMigrations } from "@/lib/server/db/migrations";
import { MIGRATIONS_DIR } from "./lib/database";
import { fail, loadEnvOrExit } from "./lib/server-env";

const env = loadEnvOrExit();
try {
  const result = await migrate(databaseUrl(env), readMigrations(MIGRATIONS_DIR));
  console.log(result.applied.length ? `Applied: ${result.applied.join(", ")}` : `Up to date (${result.alreadyApplied} migrations).`);
} catch (err) {
  if (err instanceof MigrationError) fail(err.message);
  const e = err as NodeJS.ErrnoException;
  fail(`Invalid configuration: DATABASE_URL cannot be reached (${e.code ?? e.message}).`);
}
