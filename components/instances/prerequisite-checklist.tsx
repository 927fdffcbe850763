"use client";
import { useQuery } from "@tanstack/react-query";
import { CircleCheck, CircleHelp, CircleMinus, CircleX, RefreshCw } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiClientError, errorMessageOf } from "@/lib/client/api-fetch";
import { prerequisitesQuery } from "@/lib/client/instances";
import type { CheckItem } from "@/lib/schemas/instances";
import { consistencyLabels } from "@/lib/schemas/plan";
import { formatDateTime } from "@/lib/utils";

// The application-consistency checklist of one instance (wizard, plan page, instance page): pass / fail /
// unknown / not applicable with the evidence of each prerequisite, and the level a backup will reach. Where a fix exists, the
// host renders it next to the item (`renderFix`). Admins get a live check and Re-check; viewers read the last
// recorded check with its time (the API runs nothing on the guest for them), or "Not checked yet".

const statusIcon = {
  pass: { Icon: CircleCheck, text: "Pass", className: "text-green-700" },
  fail: { Icon: CircleX, text: "Fail", className: "text-red-700" },
  unknown: { Icon: CircleHelp, text: "Unknown", className: "text-slate-600" },
  notApplicable: { Icon: CircleMinus, text: "Not applicable", className: "text-slate-500" },
} as const;

function CheckRow({ item, fix }: { item: CheckItem; fix: ReactNode }) {
  const { Icon, text, className } = statusIcon[item.status];
  return (
    <li className="flex flex-wrap items-start gap-3" data-testid={`check-${item.id}`} data-status={item.status}>
      <Icon className={`mt-0.5 size-4 shrink-0 ${className}`} aria-hidden="true" />
      <div className="grid min-w-0 flex-1 gap-0.5">
        <p className="text-sm text-slate-900">
          <span className="sr-only">{text}: </span>
          {item.label}
        </p>
        <p className="text-xs break-words text-slate-600">{item.evidence}</p>
      </div>
      {fix ? <div className="shrink-0">{fix}</div> : null}
    </li>
  );
}

interface PrerequisiteChecklistProps {
  regionId: string;
  instanceId: string;
  instanceName: string;
  /** A control next to an item that is not passing (a one-click fix), or nothing. */
  renderFix?: (item: CheckItem) => ReactNode;
  footer?: ReactNode;
  /** h3 inside a section (wizard step, plan page), h2 as a section of its own (instance page). */
  headingLevel?: "h2" | "h3";
  /** Admins: the checklist is live and can be re-checked. Viewers read the last recorded check. */
  canRecheck: boolean;
}

/** The live prerequisites of one instance and the consistency a backup with Application Consistent Backup will reach. */
export function PrerequisiteChecklist({ regionId, instanceId, instanceName, renderFix, footer, headingLevel: Heading = "h3", canRecheck }: PrerequisiteChecklistProps) {
  const { data, error, isPending, isError, isFetching, refetch } = useQuery(prerequisitesQuery(regionId, instanceId));
  const notCheckedYet = isError && error instanceof ApiClientError && error.code === "NOT_FOUND" && !canRecheck;
  return (
    <section aria-labelledby="checklist-heading" aria-busy={isFetching || undefined} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Heading id="checklist-heading" className="text-base font-semibold text-slate-900">
          Prerequisites of {instanceName}
        </Heading>
        <div className="flex flex-wrap items-center gap-3">
          {data ? (
            <p className="text-xs text-slate-600" data-testid="checked-at">
              Checked <time dateTime={data.checkedAt}>{formatDateTime(data.checkedAt)}</time>
            </p>
          ) : null}
          {canRecheck ? (
            <Button variant="secondary" size="sm" isLoading={isFetching} onClick={() => refetch()}>
              {isFetching ? null : <RefreshCw aria-hidden="true" />}
              Re-check
            </Button>
          ) : null}
        </div>
      </div>
      {notCheckedYet ? (
        <p className="text-sm text-slate-600" data-testid="not-checked-yet">
          Not checked yet: an administrator has not checked this instance&apos;s prerequisites.
        </p>
      ) : isError ? (
        <Callout tone="danger">
          <span className="font-medium">The prerequisites could not be checked.</span> {errorMessageOf(error)}
        </Callout>
      ) : isPending ? (
        <div className="grid gap-2">
          <p role="status" className="sr-only">
            Checking prerequisites…
          </p>
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-6 w-2/3" />
          ))}
        </div>
      ) : (
        <>
          <ul className="grid gap-3" aria-label="Prerequisite checks">
            {data.items.map((item) => (
              <CheckRow key={item.id} item={item} fix={item.status === "pass" || item.status === "notApplicable" ? null : renderFix?.(item)} />
            ))}
          </ul>
          <div role="status" data-testid="predicted-consistency" data-level={data.predicted.level}>
            <Callout tone={data.predicted.level === "APPLICATION" ? "success" : "warning"}>
              <p>
                The backup will be: <span className="font-semibold">{consistencyLabels[data.predicted.level]}</span>
              </p>
              <p className="mt-1">{data.predicted.reason}</p>
            </Callout>
          </div>
        </>
      )}
      {footer}
    </section>
  );
}
