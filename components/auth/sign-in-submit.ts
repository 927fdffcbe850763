import { ApiClientError } from "@/lib/client/api-fetch";
import { signInWithEmail } from "@/lib/client/auth";
import { signInSchema, type SignInInput } from "@/lib/schemas/user";

// What the sign-in form needs only once the user submits: the shared sign-in schema (zod), the /api client and
// better-auth's answers. sign-in-form.tsx loads this module right after the page is interactive, so none of it is
// in the page's first-load JS.

export type SignInField = keyof SignInInput;
export type SignInFieldErrors = Partial<Record<SignInField, string>>;

const SIGN_IN_MESSAGES = {
  badCredentials: "Invalid email or password.",
  rateLimited: "Too many sign-in attempts. Wait a minute and try again.",
  disabled: "This account is disabled. Ask an admin to enable it.",
  unavailable: "Sign-in is unavailable right now. Try again in a moment.",
} as const;

// better-auth answers sign-in failures with its own codes; the status is the stable part.
function messageOf(err: unknown): string {
  if (!(err instanceof ApiClientError)) return SIGN_IN_MESSAGES.unavailable;
  if (err.status === 401) return SIGN_IN_MESSAGES.badCredentials;
  if (err.status === 429) return SIGN_IN_MESSAGES.rateLimited;
  if (err.status === 403) return SIGN_IN_MESSAGES.disabled;
  return SIGN_IN_MESSAGES.unavailable;
}

/** The first message per field from the shared sign-in schema; none when the values may be sent. */
export function signInFieldErrors(values: SignInInput): SignInFieldErrors {
  const parsed = signInSchema.safeParse(values);
  if (parsed.success) return {};
  const errors: SignInFieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if ((field === "email" || field === "password") && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}

/** Signs in with the values the schema accepted; the message to show when that failed, null when signed in. */
export async function submitSignIn(values: SignInInput): Promise<string | null> {
  const parsed = signInSchema.safeParse(values);
  if (!parsed.success) return SIGN_IN_MESSAGES.unavailable;
  try {
    await signInWithEmail(parsed.data);
    return null;
  } catch (err) {
    return messageOf(err);
  }
}
