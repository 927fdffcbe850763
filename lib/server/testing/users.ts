import { randomBytes } from "node:crypto";
import type { Role } from "@/lib/schemas/user";
import { getAuth } from "@/lib/server/auth/auth";
import { getDb } from "@/lib/server/db/client";
import { createUser } from "@/lib/server/users/create-user";

/** A real user created through better-auth, and the Cookie header of a real signed-in session. */
export async function signedInUser(role: Role): Promise<{ id: string; email: string; cookie: string }> {
  const email = `${role}-${randomBytes(4).toString("hex")}@test.local`;
  const password = "correct horse battery";
  const user = await createUser({ db: getDb(), auth: getAuth() }, { name: `Test ${role}`, email, password, role }, { id: null });
  const res = await getAuth().api.signInEmail({ body: { email, password }, asResponse: true });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { id: user.id, email, cookie };
}
