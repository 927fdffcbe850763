"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type ComponentProps, type FormEvent } from "react";
import type { SignInField, SignInFieldErrors } from "@/components/auth/sign-in-submit";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { StatusMessage } from "@/components/ui/status-message";
import type { SignInInput } from "@/lib/schemas/user";

type SignInSubmit = typeof import("@/components/auth/sign-in-submit");

// The shared schema (zod) and the /api client load right after the page is interactive, not with the page: the form
// paints and takes input at once, and checks and sends what was typed with the same schema the server uses.
let submitModule: Promise<SignInSubmit> | undefined;
const loadSubmit = () => (submitModule ??= import("@/components/auth/sign-in-submit"));

const FIELDS: readonly SignInField[] = ["email", "password"];

/** `next` is already checked by the page to be a same-origin path. */
export function SignInForm({ next }: { next: string | null }) {
  const router = useRouter();
  const [errors, setErrors] = useState<SignInFieldErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [isRedirecting, setIsRedirecting] = useState(false);
  // After the first submit, each change is checked again at once (as a form library would).
  const submitted = useRef(false);
  const inputs = useRef<Partial<Record<SignInField, HTMLInputElement | null>>>({});
  // The first field in error, focused once the fieldset is enabled again (a disabled input cannot take the focus).
  const focusField = useRef<SignInField | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  useEffect(() => {
    void loadSubmit();
  }, []);

  useEffect(() => {
    if (!focusField.current || isSubmitting) return;
    inputs.current[focusField.current]?.focus();
    focusField.current = null;
  }, [focusRequest, isSubmitting]);

  // Uncontrolled inputs (what was typed before the page was interactive stays), read when needed.
  const valuesNow = (): SignInInput => ({ email: inputs.current.email?.value ?? "", password: inputs.current.password?.value ?? "" });

  function recheck() {
    if (submitted.current) void loadSubmit().then((m) => setErrors(m.signInFieldErrors(valuesNow())));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submitted.current = true;
    setServerError(null);
    setIsSubmitting(true);
    const values = valuesNow();
    try {
      const submit = await loadSubmit();
      const fieldErrors = submit.signInFieldErrors(values);
      setErrors(fieldErrors);
      const invalid = FIELDS.find((f) => fieldErrors[f]);
      if (invalid) {
        focusField.current = invalid;
        setFocusRequest((n) => n + 1);
        return;
      }
      const failure = await submit.submitSignIn(values);
      if (failure) {
        setServerError(failure);
        return;
      }
    } catch {
      // The code to check and send could not be loaded (offline, a new deploy): say so rather than do nothing.
      setServerError("Sign-in is unavailable right now. Try again in a moment.");
      return;
    } finally {
      setIsSubmitting(false);
    }
    setIsRedirecting(true);
    router.replace(next ?? "/dashboard");
  }

  const isBusy = isSubmitting || isRedirecting;
  const field = (name: "email" | "password", label: string, props: ComponentProps<typeof Input>) => (
    <FormField label={label} error={errors[name]}>
      {(control) => (
        <Input
          {...control}
          {...props}
          ref={(el) => {
            inputs.current[name] = el;
          }}
          name={name}
          onChange={recheck}
        />
      )}
    </FormField>
  );
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-5">
      <StatusMessage message={serverError} testId="sign-in-error" />
      <fieldset disabled={isBusy} className="grid gap-4">
        {field("email", "Email", { type: "email", autoComplete: "username", autoFocus: true })}
        {field("password", "Password", { type: "password", autoComplete: "current-password" })}
      </fieldset>
      <Button type="submit" isLoading={isBusy} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
