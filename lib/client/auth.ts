import { apiFetch } from "@/lib/client/api-fetch";
import type { SignInInput } from "@/lib/schemas/user";

// better-auth's endpoints, mounted at /api/auth/*; their errors are { code, message }, mapped by status.
export function signInWithEmail(input: SignInInput): Promise<unknown> {
  return apiFetch("/api/auth/sign-in/email", { method: "POST", body: input });
}

export function signOut(): Promise<unknown> {
  return apiFetch("/api/auth/sign-out", { method: "POST", body: {} });
}
