import "server-only";
import { roleSchema, type User } from "@/lib/schemas/user";

export const userSelect = { id: true, name: true, email: true, role: true, banned: true, createdAt: true } as const;

export function toUserDto(row: { id: string; name: string; email: string; role: string; banned: boolean | null; createdAt: Date }): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: roleSchema.parse(row.role),
    disabled: Boolean(row.banned),
    createdAt: row.createdAt.toISOString(),
  };
}
