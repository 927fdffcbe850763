import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { LazyPolicyCenter } from "@/components/policies/lazy-policy-center";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { regionOrDefault } from "@/lib/schemas/region-names";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";
import { getCloud } from "@/lib/server/cloud/get-cloud";
import { listRegions } from "@/lib/server/regions/list-regions";

export const metadata: Metadata = { title: "Policy Center" };

export default async function PoliciesPage({ searchParams }: { searchParams: Promise<{ region?: string | string[] }> }) {
  const user = await getCurrentUserOrRedirect("/policies");
  const selected = regionOrDefault((await searchParams).region);
  // Live: HBR tells per region whether it offers backup policies.
  const regions = await listRegions(getCloud());
  return (
    <>
      <PageHeader
        title="Policy Center"
        description="A backup policy holds the schedule, retention and replication of Auto Backup, and every ECS instance bound to it follows it. Where HBR offers no policies, Auto Backup uses a backup plan per instance."
      />
      <LazyPolicyCenter
        regionId={selected}
        region={regions.find((r) => r.regionId === selected) ?? null}
        regions={regions}
        isAdmin={user.role === "admin"}
      />
      {/* Not a landmark: the table inside is a named region already. */}
      <section className="grid gap-4">
        <h2 className="text-lg font-semibold text-slate-900">
          Backup policy support by region
        </h2>
        <Table label="Backup policy support by region">
          <TableHeader>
            <TableRow>
              <TableHead>Region</TableHead>
              <TableHead>Region ID</TableHead>
              <TableHead>Backup policies</TableHead>
              <TableHead>Application Consistent Backup</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {regions.map((r) => (
              <TableRow key={r.regionId}>
                <TableCell className="font-medium">
                  {r.localName}
                  {r.regionId === selected ? (
                    <Badge tone="info" className="ml-2">
                      Selected
                    </Badge>
                  ) : null}
                </TableCell>
                <TableCell className="font-mono whitespace-nowrap text-slate-700">{r.regionId}</TableCell>
                <TableCell>
                  {r.policySupported === null ? (
                    <Badge tone="warning">Policy support unknown</Badge>
                  ) : r.policySupported ? (
                    <Badge tone="success">Supported</Badge>
                  ) : (
                    <Badge tone="neutral">Not supported: uses backup plans</Badge>
                  )}
                </TableCell>
                <TableCell>{r.appConsistentSupported ? <Badge tone="success">Supported</Badge> : <Badge tone="neutral">Not supported</Badge>}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>
    </>
  );
}
