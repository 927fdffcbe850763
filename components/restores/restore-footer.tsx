import { Button } from "@/components/ui/button";
import { DialogClose, DialogFooter } from "@/components/ui/dialog";
import { StatusMessage } from "@/components/ui/status-message";

/** The dialog's message for errors that belong to no field, and its Cancel and confirm buttons. */
export function RestoreFooter({ formError, isPending, submitLabel, isDisabled = false, variant = "primary" }: { formError: string | null; isPending: boolean; submitLabel: string; isDisabled?: boolean; variant?: "primary" | "destructive" }) {
  return (
    <>
      <StatusMessage message={formError} testId="restore-form-error" />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <Button type="submit" variant={variant} isLoading={isPending} disabled={isDisabled}>
          {submitLabel}
        </Button>
      </DialogFooter>
    </>
  );
}
