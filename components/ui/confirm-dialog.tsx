"use client";
import { useState, type ReactNode } from "react";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button, type ButtonProps } from "@/components/ui/button";

interface ConfirmDialogProps {
  /** The button that opens the dialog. */
  trigger: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  variant?: ButtonProps["variant"];
  isPending: boolean;
  /** Nothing to confirm (the action applies to none of the chosen items): the dialog only explains. */
  isConfirmDisabled?: boolean;
  /** Resolves to close the dialog; the caller shows its own error. */
  onConfirm: () => Promise<void>;
}

/** A confirmation that stays open until the confirmed request ends, then closes whatever its outcome. */
export function ConfirmDialog({ trigger, title, description, confirmLabel, variant = "primary", isPending, isConfirmDisabled = false, onConfirm }: ConfirmDialogProps) {
  const [isOpen, setIsOpen] = useState(false);
  return (
    <AlertDialog open={isOpen} onOpenChange={setIsOpen}>
      <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogTitle>{title}</AlertDialogTitle>
        <AlertDialogDescription>{description}</AlertDialogDescription>
        <AlertDialogFooter>
          <AlertDialogCancel asChild>
            <Button variant="secondary">Cancel</Button>
          </AlertDialogCancel>
          {/* Not AlertDialogAction: it would close the dialog before the request ends. */}
          <Button variant={variant} isLoading={isPending} disabled={isConfirmDisabled} onClick={() => void onConfirm().finally(() => setIsOpen(false))}>
            {confirmLabel}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
