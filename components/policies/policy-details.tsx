"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { LoadError, LoadingRows } from "@/components/layout/load-states";
import { instancesText } from "@/components/shared/schedule-format";
import { formatPolicySchedule, formatRetentionDays } from "@/components/policies/policy-format";
import { policyQuery } from "@/lib/client/policies";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCaption, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { labels } from "@/lib/schemas/labels";
import type { PolicyDetail } from "@/lib/schemas/policy";
import { regionNameOf } from "@/lib/schemas/region-names";
import { formatDateTime } from "@/lib/utils";

const ruleTypeLabels: Record<string, string> = { BACKUP: "Backup", REPLICATION: labels.replication, TRANSITION: "Lifecycle (TRANSITION)", TAG: "Tag binding (TAG)" };
const linkClassName = "font-medium text-blue-800 underline underline-offset-4 focus-visible:outline-2 focus-visible:outline-blue-700";

/** One policy's rules and every ECS instance bound to it, read live when the row is opened. */
export function PolicyDetails({ regionId, policyId }: { regionId: string; policyId: string }) {
  const { data, error, isPending, isError, refetch, isRefetching } = useQuery(policyQuery(regionId, policyId));
  if (isError) return <LoadError what="The policy's rules and bound instances" error={error} isRetrying={isRefetching} onRetry={() => refetch()} />;
  if (isPending) return <LoadingRows label="Loading the policy's rules and bound instances…" rows={3} />;
  return (
    <div className="grid gap-4" data-testid={`policy-details-${policyId}`}>
      <p className="text-sm text-slate-700">
        {data.policyType || "Backup policy"}
        {data.createdAt ? `, created ${formatDateTime(data.createdAt)}` : null}
        {data.updatedAt && data.updatedAt !== data.createdAt ? `, changed ${formatDateTime(data.updatedAt)}` : null}.
        {data.planId ? (
          <>
            {" "}
            Created by the protection plan{" "}
            <Link href={`/plans/${encodeURIComponent(data.planId)}?${new URLSearchParams({ region: regionId })}`} className={linkClassName}>
              {data.planId}
            </Link>
            .
          </>
        ) : null}
      </p>
      <PolicyRules policy={data} />
      <BoundInstances policy={data} regionId={regionId} />
    </div>
  );
}

function PolicyRules({ policy }: { policy: PolicyDetail }) {
  return (
    <Table label={`Rules of ${policy.policyName}`}>
      <TableColumns columns={["Rule", "Rule ID", "Schedule", labels.retentionPeriod, labels.destinationRegion]} />
      <TableBody>
        {policy.rules.map((r, i) => (
          <TableRow key={r.ruleId ?? i}>
            <TableCell className="font-medium whitespace-nowrap">{ruleTypeLabels[r.ruleType] ?? r.ruleType}</TableCell>
            <TableCell className="font-mono whitespace-nowrap text-slate-700">{r.ruleId ?? "—"}</TableCell>
            <TableCell>{r.schedule ? formatPolicySchedule(r.schedule, r.scheduleText ?? r.schedule) : "—"}</TableCell>
            <TableCell className="whitespace-nowrap">{formatRetentionDays(r.retentionDays)}</TableCell>
            <TableCell className="whitespace-nowrap">{r.replicationRegionId ? regionNameOf(r.replicationRegionId) : "—"}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function BoundInstances({ policy, regionId }: { policy: PolicyDetail; regionId: string }) {
  if (policy.boundInstances.length === 0) {
    return (
      <p className="text-sm text-slate-700">
        No ECS instance is bound to this policy. Bind instances with{" "}
        <Link href={`/plans/new?${new URLSearchParams({ region: regionId })}`} className={linkClassName}>
          {labels.addEcsBackup}
        </Link>{" "}
        → {labels.autoBackup} → Use an existing backup policy.
      </p>
    );
  }
  return (
    <Table label={`Instances bound to ${policy.policyName}`}>
      <TableCaption>{instancesText(policy.boundInstances.length)} follow this policy</TableCaption>
      <TableColumns columns={["Instance ID", "Name", "Status", "Protection", "Bound since"]} />
      <TableBody>
        {policy.boundInstances.map((i) => (
          <TableRow key={i.instanceId}>
            <TableCell className="font-mono whitespace-nowrap">{i.instanceId}</TableCell>
            <TableCell>{i.instanceName ?? <span className="text-slate-600">Not found in ECS</span>}</TableCell>
            <TableCell>{i.status ?? "—"}</TableCell>
            <TableCell>{i.disabled ? <Badge tone="warning">Paused</Badge> : <Badge tone="success">Active</Badge>}</TableCell>
            <TableCell className="whitespace-nowrap text-slate-700">{i.boundAt ? formatDateTime(i.boundAt) : "—"}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
