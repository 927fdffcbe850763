import "server-only";
import { randomBytes } from "node:crypto";
import type { Auth } from "@/lib/server/auth/auth";
import type { Db } from "@/lib/server/db/client";
import { createUser } from "@/lib/server/users/create-user";

export interface EnsureAdminResult {
  email: string;
  created: boolean;
  /** Only when this call generated the password: it is shown once and never stored in clear. */
  generatedPassword?: string;
}

/** The seeded admin: created on first start with ADMIN_PASSWORD, or a generated one; left alone afterwards. */
export async function ensureAdmin(
  deps: { db: Db; auth: Auth },
  opts: { email: string; password?: string },
): Promise<EnsureAdminResult> {
  const email = opts.email.toLowerCase();
  const existing = await deps.db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) return { email, created: false };
  const generatedPassword = opts.password ? undefined : randomBytes(12).toString("base64url");
  await createUser(
    deps,
    { name: "Administrator", email, password: opts.password ?? generatedPassword!, role: "admin" },
    { id: null },
  );
  return { email, created: true, generatedPassword };
}
