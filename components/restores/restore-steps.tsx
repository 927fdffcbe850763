import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { restoreStepLabels, type Restore } from "@/lib/schemas/restore";

const tones = { pending: "neutral", running: "info", done: "success", skipped: "neutral", failed: "danger" } as const;
const statusLabels = { pending: "Pending", running: "Running", done: "Done", skipped: "Skipped", failed: "Failed" } as const;

/** The worker's steps of one restore, in order, with what each did; Retry resumes at the first one not done. */
export function RestoreSteps({ restore, id }: { restore: Restore; id?: string }) {
  return (
    <div id={id} className="grid gap-2">
      <Table label={`Steps of restore ${restore.id}`}>
        <TableColumns columns={["#", "Step", "Status", "Detail"]} />
        <TableBody>
          {restore.steps.map((step, i) => (
            <TableRow key={step.name} data-testid={`restore-step-${step.name}`}>
              <TableCell>{i + 1}</TableCell>
              <TableCell>{restoreStepLabels[step.name]}</TableCell>
              <TableCell>
                <Badge tone={tones[step.status]}>{statusLabels[step.status]}</Badge>
              </TableCell>
              <TableCell className="text-xs text-slate-700">{step.detail ?? "—"}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <p className="text-xs text-slate-600">
        Restore <span className="font-mono">{restore.id}</span>
        {restore.cloudRestoreJobId ? (
          <>
            {" "}· HBR restore job <span className="font-mono">{restore.cloudRestoreJobId}</span>
          </>
        ) : null}
        {restore.backUpFirstJobId ? (
          <>
            {" "}· backed up first as <span className="font-mono">{restore.backUpFirstJobId}</span>
          </>
        ) : null}
      </p>
    </div>
  );
}
