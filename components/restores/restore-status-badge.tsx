import { Badge } from "@/components/ui/badge";
import { restoreStatusLabels, type RestoreStatus } from "@/lib/schemas/restore";

const tones = { pending: "neutral", running: "info", succeeded: "success", failed: "danger", canceling: "warning", canceled: "neutral" } as const;

export function RestoreStatusBadge({ status }: { status: RestoreStatus }) {
  return (
    <Badge tone={tones[status]} data-testid="restore-status">
      {restoreStatusLabels[status]}
    </Badge>
  );
}
