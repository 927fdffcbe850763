import "server-only";
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { databaseUrl } from "@/lib/server/env";

// One client per process; Next's dev server reloads modules, so it is kept on globalThis.
const globalForDb = globalThis as unknown as { hbrPrisma?: PrismaClient };

// Named prepared statements: PostgreSQL parses and plans each distinct query once per connection instead of on
// every call (planning was a third of a plan-list query). Names come from the SQL text, so one name is always one
// text; past MAX_NAMED_STATEMENTS distinct texts (queries shaped by list lengths), the rest run unnamed.
const MAX_NAMED_STATEMENTS = 2_000;
const statementNames = new Map<string, string>();
export function statementNameOf(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = statementNames.size < MAX_NAMED_STATEMENTS ? `p${createHash("sha1").update(sql).digest("base64url")}` : "";
    if (name) statementNames.set(sql, name);
  }
  return name;
}

export function getDb(): PrismaClient {
  globalForDb.hbrPrisma ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl(), max: 10 }, { statementNameGenerator: (query) => statementNameOf(query.sql) }),
  });
  return globalForDb.hbrPrisma;
}

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
