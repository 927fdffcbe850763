import { cn } from "@/lib/utils";

interface StatusMessageProps {
  /** The message to show; nothing is shown when it is null. */
  message: string | null;
  testId?: string;
  className?: string;
}

/**
 * A polite live region that is always in the page, so screen readers announce a message when it appears.
 * role="status", not "alert": Next's route announcer already has role="alert".
 */
export function StatusMessage({ message, testId, className }: StatusMessageProps) {
  return (
    <div role="status" className={cn("empty:hidden", className)}>
      {message ? (
        <p
          data-testid={testId}
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800"
        >
          {message}
        </p>
      ) : null}
    </div>
  );
}
