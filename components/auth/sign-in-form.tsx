"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { StatusMessage } from "@/components/ui/status-message";
import { ApiClientError } from "@/lib/client/api-fetch";
import { signInWithEmail } from "@/lib/client/auth";
import { signInSchema } from "@/lib/schemas/user";

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

/** `next` is already checked by the page to be a same-origin path. */
export function SignInForm({ next }: { next: string | null }) {
  const router = useRouter();
  const [serverError, setServerError] = useState<string | null>(null);
  const [isRedirecting, setIsRedirecting] = useState(false);
  const form = useForm({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: "", password: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setServerError(null);
    try {
      await signInWithEmail(values);
    } catch (err) {
      setServerError(messageOf(err));
      return;
    }
    setIsRedirecting(true);
    router.replace(next ?? "/dashboard");
  });

  const isBusy = isSubmitting || isRedirecting;
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-5">
      <StatusMessage message={serverError} testId="sign-in-error" />
      <fieldset disabled={isBusy} className="grid gap-4">
        <FormField label="Email" error={errors.email?.message}>
          {(control) => (
            <Input {...control} type="email" autoComplete="username" autoFocus {...form.register("email")} />
          )}
        </FormField>
        <FormField label="Password" error={errors.password?.message}>
          {(control) => (
            <Input {...control} type="password" autoComplete="current-password" {...form.register("password")} />
          )}
        </FormField>
      </fieldset>
      <Button type="submit" isLoading={isBusy} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
