import "server-only";
import type { User } from "@/lib/schemas/user";
import type { Db } from "@/lib/server/db/client";
import { toUserDto, userSelect } from "@/lib/server/users/user-dto";

export async function listUsers(db: Db): Promise<User[]> {
  const rows = await db.user.findMany({ select: userSelect, orderBy: [{ createdAt: "asc" }, { email: "asc" }] });
  return rows.map(toUserDto);
}
