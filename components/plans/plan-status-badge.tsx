import { Badge } from "@/components/ui/badge";
import { planStatusLabels, type PlanStatus } from "@/lib/schemas/plan";

const tones = { pending: "neutral", provisioning: "info", active: "success", failed: "danger", deleting: "warning" } as const;

export function PlanStatusBadge({ status }: { status: PlanStatus }) {
  return (
    <Badge tone={tones[status]} data-testid="plan-status">
      {planStatusLabels[status]}
    </Badge>
  );
}
