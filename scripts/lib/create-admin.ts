// A child process of benchmarks: the admin `npm start` would seed, in the database of DATABASE_URL, created
// through better-auth like every user. Own process, because the console's Prisma and auth clients are one per
// process and a benchmark run may already hold them for another database.
import { getAuth } from "@/lib/server/auth/auth";
import { getDb } from "@/lib/server/db/client";
import { ensureAdmin } from "@/lib/server/users/ensure-admin";
import { loadEnvOrExit } from "./server-env";

const env = loadEnvOrExit();
await ensureAdmin({ db: getDb(), auth: getAuth() }, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
await getDb().$disconnect();
