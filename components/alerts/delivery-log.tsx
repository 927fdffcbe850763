"use client";
import { useQuery } from "@tanstack/react-query";
import { Inbox } from "lucide-react";
import { ListStates } from "@/components/layout/load-states";
import { FilterSelect } from "@/components/shared/filter-select";
import { PagedTable } from "@/components/shared/paged-table";
import { Badge } from "@/components/ui/badge";
import { TableCell, TableRow } from "@/components/ui/table";
import { deliveriesQuery } from "@/lib/client/alerts";
import { useUrlParams } from "@/lib/client/hooks/use-url-params";
import { channelIdSchema, type Channel, type Delivery } from "@/lib/schemas/alerts";
import { formatDateTime } from "@/lib/utils";

const PAGE_SIZE = 20;
const COLUMNS = ["Created", "Channel", "Event", "Alert", "Status", "Attempts", "Result"] as const;
export const deliveryTone = (status: Delivery["status"]) => (status === "sent" ? "success" : status === "failed" ? "danger" : "info");
const eventLabels: Record<Delivery["event"], string> = { opened: "Opened", resolved: "Resolved", test: "Test" };

/** Every delivery, newest first, filtered by channel (in the URL as `channel`). */
export function DeliveryLog({ channels }: { channels: readonly Channel[] }) {
  const { searchParams, replaceParams } = useUrlParams();
  const channelParam = searchParams.get("channel") ?? "";
  const channelId = channelIdSchema.safeParse(channelParam).success ? channelParam : undefined;
  const page = Math.max(1, Number(searchParams.get("deliveriesPage")) || 1);
  const { data, error, isError, refetch, isRefetching, isPlaceholderData } = useQuery(deliveriesQuery({ channelId, page, pageSize: PAGE_SIZE }));

  return (
    <div className="grid gap-3">
      <h2 className="text-lg font-semibold text-slate-900">
        Delivery log
      </h2>
      <div role="search" aria-label="Filter deliveries" className="flex flex-wrap items-end gap-4">
        <FilterSelect
          label="Channel"
          className="w-64"
          value={channelId ?? ""}
          anyLabel="All channels"
          options={[
            ...channels.map((c) => [c.id, c.name] as const),
            // A channel deleted since keeps its log: it stays choosable when the URL names it.
            ...(channelId && !channels.some((c) => c.id === channelId) ? [[channelId, channelId] as const] : []),
          ]}
          onChange={(channel) => replaceParams({ channel, deliveriesPage: "" })}
        />
      </div>
      <ListStates
        query={{ data, isError, error, isRefetching, refetch }}
        what="Deliveries"
        isEmpty={(d) => d.deliveries.length === 0}
        hasFilters={Boolean(channelId)}
        onClearFilters={() => replaceParams({ channel: "", deliveriesPage: "" })}
        icon={<Inbox />}
        empty={{ title: "No deliveries yet", description: "Each alert opened or resolved, and each Send test, is listed here with the channel's answer." }}
      >
        {(data) => (
          <PagedTable label="Deliveries" columns={COLUMNS} data={data} onPage={(p) => replaceParams({ deliveriesPage: p })} isStale={isPlaceholderData}>
            {data.deliveries.map((d) => (
              <TableRow key={d.id} data-testid={`delivery-${d.id}`}>
                <TableCell className="whitespace-nowrap text-xs">
                  <time dateTime={d.createdAt}>{formatDateTime(d.createdAt)}</time>
                </TableCell>
                <TableCell>{d.channelName}</TableCell>
                <TableCell className="text-xs">{eventLabels[d.event]}</TableCell>
                <TableCell className="text-xs">{d.alertTitle ?? "—"}</TableCell>
                <TableCell>
                  <Badge tone={deliveryTone(d.status)}>{d.status}</Badge>
                </TableCell>
                <TableCell className="text-xs">{d.attempts}</TableCell>
                <TableCell className="text-xs wrap-anywhere">
                  {[d.statusCode ? `HTTP ${d.statusCode}` : null, d.lastError].filter(Boolean).join(" · ") || (d.sentAt ? "Delivered" : "—")}
                </TableCell>
              </TableRow>
            ))}
          </PagedTable>
        )}
      </ListStates>
    </div>
  );
}
