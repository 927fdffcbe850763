"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { instancePageHref } from "@/components/instances/instance-href";
import { LoadError } from "@/components/layout/load-states";
import { PageHeader } from "@/components/layout/page-header";
import { useRegion } from "@/components/layout/use-region";
import { Pager } from "@/components/ui/pager";
import { useSettledText } from "@/lib/client/hooks/use-debounced-value";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { instancesQuery } from "@/lib/client/instances";
import { useUrlParams } from "@/lib/client/hooks/use-url-params";
import { regionNameOf } from "@/lib/schemas/region-names";

// /instances: the region's ECS instances, searchable (kept in the URL), each linking to its application-consistency
// page. Live from ECS, like the wizard's first step.

const PAGE_SIZE = 20;

export function InstancesPanel() {
  const { region } = useRegion();
  const { searchParams, replaceParams } = useUrlParams();
  const page = Math.max(1, Number(searchParams.get("page")) || 1);
  const [q, setQ] = useState(searchParams.get("q") ?? "");
  useSettledText(q.trim(), (text) => {
    if (text !== (new URLSearchParams(window.location.search).get("q") ?? "")) replaceParams({ q: text || undefined, page: undefined });
  });
  const { data, error, isPending, isError, isFetching, refetch } = useQuery(instancesQuery(region, { q: searchParams.get("q") ?? "", page, pageSize: PAGE_SIZE }));

  return (
    <>
      <PageHeader title="ECS Instances" description={`Instances in ${regionNameOf(region)}. Open one to check and fix what application-consistent backup needs.`} />
      <div className="grid gap-4">
        <Input type="search" aria-label="Search instances" placeholder="Search by name or ID" value={q} onChange={(e) => setQ(e.target.value)} className="max-w-sm" />
        {isError ? (
          <LoadError what="The instances" error={error} isRetrying={isFetching} onRetry={() => refetch()} />
        ) : isPending ? (
          <div className="grid gap-2">
            <p role="status" className="sr-only">
              Loading instances…
            </p>
            {Array.from({ length: 5 }, (_, i) => (
              <Skeleton key={i} className="h-10 w-full" />
            ))}
          </div>
        ) : data.instances.length === 0 ? (
          <EmptyState title="No instances" description={q ? `No instance in ${regionNameOf(region)} matches “${q}”.` : `${regionNameOf(region)} has no ECS instances.`} />
        ) : (
          <>
            <Table label="ECS instances" aria-busy={isFetching || undefined}>
              <TableColumns columns={["Name", "ID", "OS", "Status", "Disks", "RAM role", "Backup policy"]} />
              <TableBody>
                {data.instances.map((i) => (
                  <TableRow key={i.instanceId}>
                    <TableCell>
                      <Link href={instancePageHref(region, i.instanceId)} className="font-medium text-blue-800 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-blue-700">
                        {i.instanceName}
                      </Link>
                    </TableCell>
                    <TableCell className="font-mono text-xs">{i.instanceId}</TableCell>
                    <TableCell>{i.osName}</TableCell>
                    <TableCell>
                      <Badge tone={i.status === "Running" ? "success" : "neutral"}>{i.status}</Badge>
                    </TableCell>
                    <TableCell className="text-xs">{[...new Set(i.disks.map((d) => d.category))].join(", ")}</TableCell>
                    <TableCell className="text-xs">{i.ramRoleName ?? "None"}</TableCell>
                    <TableCell className="text-xs">
                      {i.boundPolicyId ? (
                        <span className="grid" title={i.boundPolicyId}>
                          <span className="font-medium">{i.boundPolicyName || i.boundPolicyId}</span>
                          {i.boundPolicyName ? <span className="font-mono text-slate-600">{i.boundPolicyId}</span> : null}
                        </span>
                      ) : (
                        "—"
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Pager page={page} pageSize={PAGE_SIZE} total={data.total} label="Instances" onPageChange={(p) => replaceParams({ page: p > 1 ? String(p) : undefined })} />
          </>
        )}
      </div>
    </>
  );
}
