import "server-only";
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "@/generated/prisma/client";
import { databaseUrl, dbPoolMax } from "@/lib/server/env";

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

/**
 * A transaction runs on one `pg` connection, but Prisma sends a query's parts at once (one per included relation):
 * pg queues them and warns ("Calling client.query() when the client is already executing a query"), which pg 9
 * makes an error. This sends a transaction's calls in turn, each after the one before has ended.
 */
export function oneQueryAtATime(tx: Transaction): Transaction {
  let last: Promise<unknown> = Promise.resolve();
  const inTurn =
    <A extends unknown[], R>(call: ((...args: A) => Promise<R>) | undefined) =>
    (...args: A): Promise<R> => {
      const run = last.then(() => call!.apply(tx, args));
      last = run.catch(() => undefined);
      return run;
    };
  return Object.assign(Object.create(tx) as Transaction, {
    queryRaw: inTurn(tx.queryRaw),
    executeRaw: inTurn(tx.executeRaw),
    commit: inTurn(tx.commit),
    rollback: inTurn(tx.rollback),
    ...(tx.createSavepoint ? { createSavepoint: inTurn(tx.createSavepoint) } : {}),
    ...(tx.rollbackToSavepoint ? { rollbackToSavepoint: inTurn(tx.rollbackToSavepoint) } : {}),
    ...(tx.releaseSavepoint ? { releaseSavepoint: inTurn(tx.releaseSavepoint) } : {}),
  });
}

/** `factory`, whose connections hand out transactions that send one query at a time. */
function withSerialTransactions(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return Object.assign(Object.create(factory) as SqlDriverAdapterFactory, {
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await factory.connect();
      return Object.assign(Object.create(adapter) as SqlDriverAdapter, {
        startTransaction: async (...args: Parameters<SqlDriverAdapter["startTransaction"]>) => oneQueryAtATime(await adapter.startTransaction(...args)),
      });
    },
  });
}

/** This process's client; its pool holds at most `dbPoolMax()` connections (the worker's fewer than the web's). */
export function getDb(): PrismaClient {
  globalForDb.hbrPrisma ??= new PrismaClient({
    adapter: withSerialTransactions(
      new PrismaPg({ connectionString: databaseUrl(), max: dbPoolMax() }, { statementNameGenerator: (query) => statementNameOf(query.sql) }),
    ),
  });
  return globalForDb.hbrPrisma;
}

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
