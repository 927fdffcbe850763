import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { databaseUrl } from "@/lib/server/env";

// One client per process; Next's dev server reloads modules, so it is kept on globalThis.
const globalForDb = globalThis as unknown as { hbrPrisma?: PrismaClient };

export function getDb(): PrismaClient {
  globalForDb.hbrPrisma ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl(), max: 10 }),
  });
  return globalForDb.hbrPrisma;
}

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
