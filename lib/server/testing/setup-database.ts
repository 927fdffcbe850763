import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { createTestDatabase } from "@/lib/server/testing/database";

// Each test file runs in its own process against its own migrated database, reached through the same
// env variable as the app, so getDb() and getAuth() work unchanged.
process.env.DATABASE_URL = await createTestDatabase(inject("pgAdminUrl"), { migrated: true });
process.env.DATA_DIR ??= path.join(os.tmpdir(), "hbr-vitest-data");
process.env.LOG_LEVEL ??= "silent";
