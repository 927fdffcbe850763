import type { Metadata } from "next";
import type { ReactNode } from "react";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { regionOrDefault } from "@/lib/schemas/region-names";
import { roleLabels } from "@/lib/schemas/user";
import { getCurrentUserOrRedirect } from "@/lib/server/auth/current-user";
import { getCloud } from "@/lib/server/cloud/get-cloud";
import { listRegions } from "@/lib/server/regions/list-regions";

export const metadata: Metadata = { title: "Settings" };

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${title}-heading`} className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 id={`${title}-heading`} className="mb-4 text-base font-semibold text-slate-900">
        {title}
      </h2>
      <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_1fr]">{children}</dl>
    </section>
  );
}

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-slate-600">{term}</dt>
      <dd className="text-slate-900">{children}</dd>
    </>
  );
}

export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ region?: string | string[] }> }) {
  const user = await getCurrentUserOrRedirect("/settings");
  const regionId = regionOrDefault((await searchParams).region);
  const region = (await listRegions(getCloud())).find((r) => r.regionId === regionId);
  return (
    <>
      <PageHeader title="Settings" description="Your account and the region this console shows." />
      <div className="grid gap-6">
        <Section title="Account">
          <Item term="Name">{user.name}</Item>
          <Item term="Email">{user.email}</Item>
          <Item term="Role">
            <Badge tone={user.role === "admin" ? "info" : "neutral"}>{roleLabels[user.role]}</Badge>
          </Item>
        </Section>
        <Section title="Region">
          <Item term="Selected region">
            {region?.localName ?? regionId} <span className="font-mono text-slate-600">({regionId})</span>
          </Item>
          <Item term="Backup policies">{!region ? "Unknown region" : region.policySupported === null ? "Policy support unknown" : region.policySupported ? "Supported" : "Not supported: uses backup plans"}</Item>
          <Item term="Application Consistent Backup">{region?.appConsistentSupported ? "Supported" : "Not supported in this region"}</Item>
        </Section>
        <p className="text-sm text-slate-600">
          Change the region with the Region selector in the top bar. An admin manages roles on the Users page.
        </p>
      </div>
    </>
  );
}
