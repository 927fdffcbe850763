"use client";
import { useQuery } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, ScrollText } from "lucide-react";
import Link from "next/link";
import { Fragment, useState, type ReactNode } from "react";
import { LoadError, LoadingRows } from "@/components/layout/load-states";
import { DeletePolicyDialog } from "@/components/policies/delete-policy-dialog";
import { PolicyDetails } from "@/components/policies/policy-details";
import { PolicyFormDialog } from "@/components/policies/policy-form-dialog";
import { formatPolicySchedule, formatRetentionDays } from "@/components/policies/policy-format";
import { buttonVariants } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { policiesQuery } from "@/lib/client/policies";
import { noPoliciesInRegionText, type PolicySummary } from "@/lib/schemas/policy";
import type { Region } from "@/lib/schemas/regions";
import { labels } from "@/lib/schemas/labels";
import { regionNameOf } from "@/lib/schemas/region-names";

interface PolicyCenterProps {
  regionId: string;
  /** The selected region as the account has it; null when the account has no such region. */
  region: Region | null;
  regions: readonly Region[];
  isAdmin: boolean;
}

/** The backup policies of the selected region: list, details, and for admins create, edit and delete. */
export function PolicyCenter({ regionId, region, regions, isAdmin }: PolicyCenterProps) {
  const [notice, setNotice] = useState<string | null>(null);
  const regionName = region?.localName ?? regionNameOf(regionId);
  const canCreate = isAdmin && Boolean(region?.policySupported);
  // Not a landmark: the table inside is a named region already.
  return (
    <section className="mb-10 grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold text-slate-900">
          Backup policies in {regionName}
        </h2>
        {canCreate ? <PolicyFormDialog regionId={regionId} regions={regions} onDone={setNotice} /> : null}
      </div>
      <div role="status" className="empty:hidden">
        {notice ? (
          <Callout tone="success" data-testid="policy-notice">
            {notice}
          </Callout>
        ) : null}
      </div>
      {!region ? (
        <EmptyState icon={<ScrollText />} headingLevel="h3" title={`${regionId} is not a region of this account`} description="Choose another region in the top bar." />
      ) : region.policySupported === null ? (
        <EmptyState
          icon={<ScrollText />}
          headingLevel="h3"
          title="Policy support unknown"
          description={`HBR did not say just now whether ${regionName} uses backup policies. Reload the page in a minute.`}
        />
      ) : !region.policySupported ? (
        <EmptyState
          icon={<ScrollText />}
          headingLevel="h3"
          title={`No backup policies in ${regionName}`}
          description={noPoliciesInRegionText(regionName)}
          action={
            isAdmin ? (
              <Link href={`/plans/new?${new URLSearchParams({ region: regionId })}`} className={buttonVariants({ variant: "secondary" })}>
                {labels.addEcsBackup}
              </Link>
            ) : null
          }
        />
      ) : (
        <PolicyList regionId={regionId} regionName={regionName} regions={regions} isAdmin={isAdmin} onDone={setNotice} />
      )}
    </section>
  );
}

interface PolicyListProps {
  regionId: string;
  regionName: string;
  regions: readonly Region[];
  isAdmin: boolean;
  onDone: (message: string) => void;
}

const COLUMNS = ["Name", "Policy ID", "Schedule", labels.retentionPeriod, labels.replication, "Bound instances"];

function PolicyList({ regionId, regionName, regions, isAdmin, onDone }: PolicyListProps) {
  const { data, error, isPending, isError, refetch, isRefetching } = useQuery(policiesQuery(regionId));
  const [openId, setOpenId] = useState<string | null>(null);

  if (isError) return <LoadError what="Backup policies" error={error} isRetrying={isRefetching} onRetry={() => refetch()} />;
  if (isPending) return <LoadingRows label="Loading backup policies…" className="grid gap-2 rounded-lg border border-slate-200 bg-white p-4" />;
  if (data.policies.length === 0) {
    return (
      <EmptyState
        icon={<ScrollText />}
        headingLevel="h3"
        title={`No backup policies in ${regionName} yet`}
        description={
          isAdmin
            ? `Create a policy with its ${labels.startTime}, ${labels.backupInterval} and ${labels.retentionPeriod}, then bind instances to it with ${labels.addEcsBackup}.`
            : "Only admins can create backup policies. Policies made in this region will be listed here."
        }
        action={isAdmin ? <PolicyFormDialog regionId={regionId} regions={regions} onDone={onDone} /> : null}
      />
    );
  }
  const columnCount = COLUMNS.length + (isAdmin ? 1 : 0);
  return (
    <Table label={`Backup policies in ${regionName}`}>
      <TableHeader>
        <TableRow>
          {COLUMNS.map((c) => (
            <TableHead key={c}>{c}</TableHead>
          ))}
          {isAdmin ? (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          ) : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {data.policies.map((p) => {
          const isOpen = openId === p.policyId;
          return (
            <Fragment key={p.policyId}>
              <PolicyRow
                policy={p}
                isOpen={isOpen}
                onToggle={() => setOpenId(isOpen ? null : p.policyId)}
                regionName={(id) => regions.find((r) => r.regionId === id)?.localName ?? regionNameOf(id)}
                actions={
                  isAdmin ? (
                    <div className="flex justify-end gap-2">
                      <PolicyFormDialog regionId={regionId} regions={regions} policy={p} onDone={onDone} />
                      <DeletePolicyDialog regionId={regionId} policy={p} onDone={onDone} />
                    </div>
                  ) : null
                }
              />
              {isOpen ? (
                <TableRow id={detailsId(p.policyId)} className="bg-slate-50">
                  <TableCell colSpan={columnCount}>
                    <PolicyDetails regionId={regionId} policyId={p.policyId} />
                  </TableCell>
                </TableRow>
              ) : null}
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
}

const detailsId = (policyId: string) => `policy-details-row-${policyId}`;

interface PolicyRowProps {
  policy: PolicySummary;
  isOpen: boolean;
  onToggle: () => void;
  regionName: (regionId: string) => string;
  actions: ReactNode;
}

function PolicyRow({ policy, isOpen, onToggle, regionName, actions }: PolicyRowProps) {
  const Chevron = isOpen ? ChevronDown : ChevronRight;
  return (
    <TableRow data-testid={`policy-row-${policy.policyId}`}>
      <TableCell className="font-medium">
        <button
          type="button"
          aria-expanded={isOpen}
          aria-controls={isOpen ? detailsId(policy.policyId) : undefined}
          onClick={onToggle}
          className="inline-flex cursor-pointer items-center gap-1 rounded-sm text-left text-blue-800 hover:underline focus-visible:outline-2 focus-visible:outline-blue-700"
        >
          <Chevron className="size-4 shrink-0" aria-hidden="true" />
          {policy.policyName}
          <span className="sr-only">: rules and bound instances</span>
        </button>
      </TableCell>
      <TableCell className="font-mono whitespace-nowrap text-slate-700">{policy.policyId}</TableCell>
      <TableCell>{formatPolicySchedule(policy.schedule, policy.scheduleText)}</TableCell>
      <TableCell className="whitespace-nowrap">{formatRetentionDays(policy.retentionDays)}</TableCell>
      <TableCell className="whitespace-nowrap">{policy.replicationRegionId ? regionName(policy.replicationRegionId) : "Off"}</TableCell>
      <TableCell>{policy.bindingCount}</TableCell>
      {actions ? <TableCell>{actions}</TableCell> : null}
    </TableRow>
  );
}
