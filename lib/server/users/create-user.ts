import "server-only";
import { createUserSchema, type CreateUserInput, type User } from "@/lib/schemas/user";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { Auth } from "@/lib/server/auth/auth";
import type { Db } from "@/lib/server/db/client";
import { ApiError } from "@/lib/server/http/api-error";
import { toUserDto, userSelect } from "@/lib/server/users/user-dto";

/**
 * Creates a user through better-auth (it owns password hashing), then records the audit event.
 * The email is checked first so a clash is a 409 on the field, not the library's generic 400.
 */
export async function createUser(
  deps: { db: Db; auth: Auth },
  input: CreateUserInput,
  actor: { id: string | null; requestId?: string },
): Promise<User> {
  const data = createUserSchema.parse(input);
  const clash = await deps.db.user.findUnique({ where: { email: data.email }, select: { id: true } });
  if (clash) {
    throw new ApiError("CONFLICT", "A user with this email already exists.", {
      fieldErrors: { email: ["A user with this email already exists"] },
    });
  }
  const created = await deps.auth.api.createUser({
    body: { name: data.name, email: data.email, password: data.password, role: data.role },
  });
  return deps.db.$transaction(async (tx) => {
    const row = await tx.user.findUniqueOrThrow({ where: { id: created.user.id }, select: userSelect });
    const user = toUserDto(row);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.create",
      targetType: "user",
      targetId: user.id,
      after: { email: user.email, name: user.name, role: user.role },
      requestId: actor.requestId,
    });
    return user;
  });
}
