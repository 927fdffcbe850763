import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { regionOrDefault } from "@/lib/schemas/region-names";
import { getCloud } from "@/lib/server/cloud/get-cloud";
import { listRegions } from "@/lib/server/inventory/list-regions";

export const metadata: Metadata = { title: "Policy Center" };

export default async function PoliciesPage({ searchParams }: { searchParams: Promise<{ region?: string | string[] }> }) {
  const selected = regionOrDefault((await searchParams).region);
  // Live: HBR tells per region whether it offers backup policies.
  const regions = await listRegions(getCloud());
  return (
    <>
      <PageHeader
        title="Policy Center"
        description="Where HBR supports backup policies, Auto Backup schedules come from a policy; elsewhere from a backup plan."
      />
      <Table label="Backup policy support by region">
        <TableCaption>Backup policy support by region</TableCaption>
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
                {r.policySupported ? (
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
    </>
  );
}
