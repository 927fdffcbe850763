import { z } from "zod";

export const roles = ["admin", "viewer"] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const roleLabels: Record<Role, string> = { admin: "Admin", viewer: "Viewer" };

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export const emailSchema = z.email("Enter a valid email address").max(254).transform((v) => v.toLowerCase());

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password"),
});
export type SignInInput = z.input<typeof signInSchema>;

export const createUserSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(100, "At most 100 characters"),
  email: emailSchema,
  password: z
    .string()
    .min(PASSWORD_MIN, `At least ${PASSWORD_MIN} characters`)
    .max(PASSWORD_MAX, `At most ${PASSWORD_MAX} characters`),
  role: roleSchema,
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const updateUserSchema = z
  .object({ role: roleSchema, disabled: z.boolean() })
  .partial()
  .refine((v) => v.role !== undefined || v.disabled !== undefined, { message: "Change the role or the disabled state" });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const userIdParamsSchema = z.object({ userId: z.string().min(1).max(64) });

export const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const userListSchema = z.object({ users: z.array(userSchema) });

export const sessionUserSchema = userSchema.pick({ id: true, name: true, email: true, role: true });
export type SessionUser = z.infer<typeof sessionUserSchema>;
