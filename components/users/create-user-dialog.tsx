"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { UserPlus } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { StatusMessage } from "@/components/ui/status-message";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { applyFieldErrors } from "@/lib/client/apply-field-errors";
import { useCreateUser } from "@/lib/client/users";
import { createUserSchema, PASSWORD_MAX, PASSWORD_MIN, roleLabels, roles, type User } from "@/lib/schemas/user";

const emptyUser = { name: "", email: "", password: "", role: "viewer" } as const;

export function CreateUserDialog({ onCreated }: { onCreated: (user: User) => void }) {
  const [isOpen, setIsOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const createUser = useCreateUser();
  const form = useForm({ resolver: zodResolver(createUserSchema), defaultValues: emptyUser });
  const { errors, isSubmitting } = form.formState;

  function handleOpenChange(open: boolean) {
    setIsOpen(open);
    if (!open) {
      form.reset(emptyUser);
      setFormError(null);
    }
  }

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const user = await createUser.mutateAsync(values);
      handleOpenChange(false);
      onCreated(user);
    } catch (err) {
      if (!applyFieldErrors(form, err)) setFormError(errorMessageOf(err));
    }
  });

  return (
    <Dialog open={isOpen} onOpenChange={handleOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden="true" />
          Create user
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Create user</DialogTitle>
          <DialogDescription>
            They sign in with this email and password. Share the password with them over a safe channel.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} noValidate className="grid gap-5">
          <StatusMessage message={formError} testId="create-user-error" />
          <fieldset disabled={isSubmitting} className="grid gap-4">
            <FormField label="Name" error={errors.name?.message}>
              {(control) => <Input {...control} autoComplete="off" {...form.register("name")} />}
            </FormField>
            <FormField label="Email" error={errors.email?.message}>
              {(control) => <Input {...control} type="email" autoComplete="off" {...form.register("email")} />}
            </FormField>
            <FormField label="Password" hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`} error={errors.password?.message}>
              {(control) => (
                <Input {...control} type="password" autoComplete="new-password" {...form.register("password")} />
              )}
            </FormField>
            <FormField label="Role" hint="Admins can change plans and users; viewers can only look." error={errors.role?.message}>
              {(control) => (
                <Select {...control} {...form.register("role")}>
                  {roles.map((role) => (
                    <option key={role} value={role}>
                      {roleLabels[role]}
                    </option>
                  ))}
                </Select>
              )}
            </FormField>
          </fieldset>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" isLoading={isSubmitting}>
              Create
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
