import "server-only";
import { createUserSchema, type CreateUserInput, type User } from "@/lib/schemas/user";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { Auth } from "@/lib/server/auth/auth";
import type { Db } from "@/lib/server/db/client";
import { ApiError } from "@/lib/server/http/api-error";
import { isUniqueViolation } from "@/lib/server/http/error-mapping";
import { toUserDto, userSelect } from "@/lib/server/users/user-dto";

function emailTaken(cause?: unknown): ApiError {
  return new ApiError("CONFLICT", "A user with this email already exists.", {
    fieldErrors: { email: ["A user with this email already exists"] },
    cause,
  });
}

/** better-auth's APIError for an email it already holds. */
function isUserExistsError(err: unknown): boolean {
  const body = (err as { body?: { code?: unknown } } | null)?.body;
  return typeof body?.code === "string" && body.code.startsWith("USER_ALREADY_EXISTS");
}

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
  if (clash) throw emailTaken();
  // Two requests with one email can both pass the check above: better-auth's own check or the unique index then
  // stops the later one, and that is the same 409.
  const created = await deps.auth.api
    .createUser({ body: { name: data.name, email: data.email, password: data.password, role: data.role } })
    .catch((err: unknown) => {
      throw isUniqueViolation(err) || isUserExistsError(err) ? emailTaken(err) : err;
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
