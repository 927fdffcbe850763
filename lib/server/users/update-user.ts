import "server-only";
import type { UpdateUserInput, User } from "@/lib/schemas/user";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { Db } from "@/lib/server/db/client";
import { forgetUserSessions } from "@/lib/server/auth/session";
import { ApiError } from "@/lib/server/http/api-error";
import { toUserDto, userSelect } from "@/lib/server/users/user-dto";

/**
 * Changes a user's role or disables/enables them. Disabling ends their sessions at once. An admin cannot
 * demote or disable themselves, and the last enabled admin cannot be demoted or disabled, so the console
 * always keeps someone who can manage it.
 */
export async function updateUser(
  db: Db,
  userId: string,
  change: UpdateUserInput,
  actor: { id: string; requestId?: string },
): Promise<User> {
  const updated = await db.$transaction(async (tx) => {
    // Serialise admin changes so two concurrent demotions cannot both pass the last-admin check.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7217090801)`;
    const before = await tx.user.findUnique({ where: { id: userId }, select: userSelect });
    if (!before) throw new ApiError("NOT_FOUND", "No such user.");
    const losesAdmin =
      before.role === "admin" && !before.banned && (change.role === "viewer" || change.disabled === true);
    if (losesAdmin && userId === actor.id) {
      throw new ApiError("CONFLICT", "You cannot demote or disable yourself. Ask another admin.", {
        fieldErrors: change.disabled ? { disabled: ["You cannot disable yourself"] } : { role: ["You cannot demote yourself"] },
      });
    }
    if (losesAdmin) {
      const admins = await tx.user.count({ where: { role: "admin", banned: false } });
      if (admins <= 1) throw new ApiError("CONFLICT", "This is the last enabled admin; make another admin first.");
    }
    const row = await tx.user.update({
      where: { id: userId },
      data: {
        role: change.role,
        banned: change.disabled,
        banReason: change.disabled === undefined ? undefined : change.disabled ? "Disabled by an admin" : null,
      },
      select: userSelect,
    });
    if (change.disabled) await tx.session.deleteMany({ where: { userId } });
    const after = toUserDto(row);
    const was = toUserDto(before);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.update",
      targetType: "user",
      targetId: userId,
      before: { role: was.role, disabled: was.disabled },
      after: { role: after.role, disabled: after.disabled },
      requestId: actor.requestId,
    });
    return after;
  });
  // The new role or the ban applies from the user's next request, not after the session cache's TTL.
  forgetUserSessions(userId);
  return updated;
}
