"use client";
import { useQuery } from "@tanstack/react-query";
import { Send, Trash2, Webhook } from "lucide-react";
import { useEffect, useState } from "react";
import { AddChannelDialog } from "@/components/alerts/add-channel-dialog";
import { DeliveryLog, deliveryTone } from "@/components/alerts/delivery-log";
import { LoadError, LoadingRows } from "@/components/layout/load-states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusMessage } from "@/components/ui/status-message";
import { Switch } from "@/components/ui/switch";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { channelsQuery, deliveriesQuery, useDeleteChannel, useSendTest, useSetChannelEnabled } from "@/lib/client/alerts";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { webhookFormatLabels, type Channel, type Delivery } from "@/lib/schemas/alerts";
import { formatDateTime } from "@/lib/utils";

/** How long Send test follows its delivery before saying it is still queued (deliveries retry with backoff). */
const TEST_FOLLOW_MS = 60_000;

export function ChannelsSection({ isAdmin }: { isAdmin: boolean }) {
  const channels = useQuery(channelsQuery());
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const columns = ["Name", "Type", "Destination", "Enabled", "Last delivery", ...(isAdmin ? ["Actions"] : [])];
  const hasEmail = channels.data?.channels.some((c) => c.type === "email") ?? false;

  return (
    <div className="grid gap-6">
      <div className="grid gap-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 className="text-lg font-semibold text-slate-900">
            Channels
          </h2>
          {isAdmin ? (
            <AddChannelDialog
              onCreated={(message) => {
                setError(null);
                setNotice(message);
              }}
            />
          ) : null}
        </div>
        {isAdmin ? null : <Callout tone="info">Only admins can add, change, test or delete channels.</Callout>}
        {channels.data && hasEmail && !channels.data.smtpConfigured ? (
          <Callout tone="warning" data-testid="smtp-missing">
            Email channels cannot deliver: the server has no SMTP server configured (SMTP_HOST). Their deliveries fail until an operator sets it.
          </Callout>
        ) : null}
        <StatusMessage message={error} testId="channel-error" />
        {notice ? (
          <p role="status" className="text-sm text-green-800">
            {notice}
          </p>
        ) : null}
        {channels.isError ? (
          <LoadError what="Channels" error={channels.error} isRetrying={channels.isRefetching} onRetry={() => channels.refetch()} />
        ) : !channels.data ? (
          <LoadingRows label="Loading channels…" rows={3} />
        ) : channels.data.channels.length === 0 ? (
          <EmptyState
            icon={<Webhook />}
            title="No channels yet"
            description={isAdmin ? "Add a webhook (generic JSON, DingTalk, Slack-compatible) or an email channel to be told when an alert opens or resolves." : "An admin can add webhook and email channels."}
          />
        ) : (
          <Table label="Channels">
            <TableColumns columns={columns} />
            <TableBody>
              {channels.data.channels.map((channel) => (
                <ChannelRow key={channel.id} channel={channel} isAdmin={isAdmin} onError={setError} onNotice={setNotice} />
              ))}
            </TableBody>
          </Table>
        )}
      </div>
      <DeliveryLog channels={channels.data?.channels ?? []} />
    </div>
  );
}

function ChannelRow({ channel, isAdmin, onError, onNotice }: { channel: Channel; isAdmin: boolean; onError: (m: string | null) => void; onNotice: (m: string | null) => void }) {
  const setEnabled = useSetChannelEnabled();
  const remove = useDeleteChannel();
  const sendTest = useSendTest();
  const [testSince, setTestSince] = useState<number | null>(null);
  const last = channel.lastDelivery;

  async function handleTest() {
    onError(null);
    const since = Date.now();
    try {
      await sendTest.mutateAsync(channel.id);
      setTestSince(since);
    } catch (err) {
      onError(errorMessageOf(err));
    }
  }

  async function handleDelete() {
    onError(null);
    try {
      await remove.mutateAsync(channel.id);
      onNotice(`Deleted channel ${channel.name}.`);
    } catch (err) {
      onError(errorMessageOf(err));
    }
  }

  return (
    <TableRow data-testid={`channel-${channel.id}`}>
      <TableCell className="font-medium text-slate-900">{channel.name}</TableCell>
      <TableCell className="text-xs">
        {channel.type === "webhook" ? `Webhook · ${channel.format ? webhookFormatLabels[channel.format] : "Generic JSON"}` : "Email"}
      </TableCell>
      <TableCell className="text-xs wrap-anywhere">{channel.type === "webhook" ? channel.urlDisplay : channel.recipients.join(", ")}</TableCell>
      <TableCell>
        {isAdmin ? (
          <Switch
            checked={channel.enabled}
            disabled={setEnabled.isPending}
            aria-label={`${channel.name} enabled`}
            onCheckedChange={(enabled) => {
              onError(null);
              setEnabled.mutate({ channelId: channel.id, enabled }, { onError: (err) => onError(errorMessageOf(err)) });
            }}
          />
        ) : (
          <Badge tone={channel.enabled ? "success" : "neutral"}>{channel.enabled ? "On" : "Off"}</Badge>
        )}
      </TableCell>
      <TableCell className="text-xs">
        {last ? (
          <span className="grid gap-0.5">
            <Badge tone={deliveryTone(last.status)} className="w-fit">
              {last.status}
              {last.statusCode ? ` · ${last.statusCode}` : ""}
            </Badge>
            <time dateTime={last.at}>{formatDateTime(last.at)}</time>
          </span>
        ) : (
          "None yet"
        )}
      </TableCell>
      {isAdmin ? (
        <TableCell>
          <div className="flex flex-wrap items-center gap-2">
            <Button variant="secondary" size="sm" isLoading={sendTest.isPending} onClick={() => void handleTest()} aria-label={`Send test to ${channel.name}`}>
              <Send aria-hidden="true" />
              Send test
            </Button>
            <ConfirmDialog
              trigger={
                <Button variant="secondary" size="sm" aria-label={`Delete ${channel.name}`}>
                  <Trash2 aria-hidden="true" />
                  Delete
                </Button>
              }
              title={`Delete ${channel.name}?`}
              description="Alerts stop going to this channel. Its delivery log is kept."
              confirmLabel="Delete channel"
              variant="destructive"
              isPending={remove.isPending}
              onConfirm={handleDelete}
            />
          </div>
          {testSince !== null ? <TestResult channelId={channel.id} since={testSince} /> : null}
        </TableCell>
      ) : null}
    </TableRow>
  );
}

/** The newest test delivery to a channel made since Send test was pressed, followed until it is sent or failed. */
function TestResult({ channelId, since }: { channelId: string; since: number }) {
  const [isTimedOut, setIsTimedOut] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setIsTimedOut(true), TEST_FOLLOW_MS);
    return () => clearTimeout(timer);
  }, [since]);
  const log = useQuery({
    ...deliveriesQuery({ channelId, page: 1, pageSize: 5 }),
    refetchInterval: (query) => {
      const found = testDeliveryOf(query.state.data?.deliveries ?? [], since);
      return isTimedOut || (found && found.status !== "pending") ? false : 1_000;
    },
  });
  const delivery = testDeliveryOf(log.data?.deliveries ?? [], since);
  const text =
    !delivery || delivery.status === "pending"
      ? isTimedOut
        ? "Test still queued: see the delivery log below."
        : "Sending test…"
      : delivery.status === "sent"
        ? `Test sent${delivery.statusCode ? ` (HTTP ${delivery.statusCode})` : ""}.`
        : `Test failed${delivery.statusCode ? ` (HTTP ${delivery.statusCode})` : ""}${delivery.lastError ? `: ${delivery.lastError}` : "."}`;
  return (
    <p role="status" data-testid="channel-test-result" className={delivery?.status === "failed" ? "mt-1 text-xs text-red-800" : "mt-1 text-xs text-slate-700"}>
      {text}
    </p>
  );
}

// The server's clock and the browser's may differ by a little: a test made a few seconds before the click still counts.
const CLOCK_SLACK_MS = 5_000;
const testDeliveryOf = (deliveries: readonly Delivery[], since: number) =>
  deliveries.find((d) => d.event === "test" && Date.parse(d.createdAt) >= since - CLOCK_SLACK_MS);
