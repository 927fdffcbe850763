"use client";
import { useQuery } from "@tanstack/react-query";
import { AlertRulesForm } from "@/components/alerts/alert-rules-form";
import { AlertsList } from "@/components/alerts/alerts-list";
import { ChannelsSection } from "@/components/alerts/channels-section";
import { PageHeader } from "@/components/layout/page-header";
import { alertListQuery } from "@/lib/client/alerts";
import { useUrlParams } from "@/lib/client/hooks/use-url-params";
import { cn } from "@/lib/utils";

const sections = [
  { id: "alerts", label: "Alerts" },
  { id: "rules", label: "Rules" },
  { id: "channels", label: "Channels" },
] as const;
type Section = (typeof sections)[number]["id"];

const sectionOf = (value: string | null): Section => sections.find((s) => s.id === value)?.id ?? "alerts";

/** /alerts: the alerts the worker opened and resolved, the rules that open them, and the channels that carry them. */
export function AlertsPanel({ isAdmin }: { isAdmin: boolean }) {
  const { searchParams, replaceParams } = useUrlParams();
  const section = sectionOf(searchParams.get("tab"));
  // The same query as the Alerts section's default view: its open count costs no extra request there.
  const openCount = useQuery(alertListQuery({ status: "open", page: 1, pageSize: 20 })).data?.openCount;

  return (
    <>
      <PageHeader
        title="Alerts"
        description="The console opens an alert when a backup fails, a plan misses its RPO or protection lapses, sends it to every enabled channel, and resolves it when the condition clears."
      />
      <div role="tablist" aria-label="Alerts sections" className="mb-6 flex gap-1 border-b border-slate-200">
        {sections.map((s) => {
          const isSelected = s.id === section;
          return (
            <button
              key={s.id}
              type="button"
              role="tab"
              id={`alerts-tab-${s.id}`}
              aria-selected={isSelected}
              aria-controls={`alerts-panel-${s.id}`}
              // Each section keeps only its own list state in the URL.
              onClick={() => replaceParams({ tab: s.id === "alerts" ? "" : s.id, status: "", kind: "", page: "", channel: "", deliveriesPage: "" })}
              className={cn(
                "-mb-px flex items-center gap-2 border-b-2 px-4 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-blue-700",
                isSelected ? "border-blue-700 text-blue-800" : "border-transparent text-slate-700 hover:text-slate-900",
              )}
            >
              {s.label}
              {s.id === "alerts" && openCount ? (
                <span className="rounded-full bg-red-100 px-2 text-xs text-red-800">
                  {openCount}
                  <span className="sr-only"> open</span>
                </span>
              ) : null}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`alerts-panel-${section}`} aria-labelledby={`alerts-tab-${section}`}>
        {section === "alerts" ? <AlertsList /> : section === "rules" ? <AlertRulesForm isAdmin={isAdmin} /> : <ChannelsSection isAdmin={isAdmin} />}
      </div>
    </>
  );
}
