"use client";
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch, searchParamsOf } from "@/lib/client/api-fetch";
import {
  alertListSchema,
  alertRulesSchema,
  channelListSchema,
  channelSchema,
  createdChannelSchema,
  deliveryListSchema,
  type CreateChannel,
  type UpdateAlertRules,
} from "@/lib/schemas/alerts";

/** The worker evaluates alerts on each sync (seconds apart): the open list is read again this often. */
const ALERTS_POLL_MS = 5_000;
/** While a delivery is pending (a test just sent, a retry waiting), the log is read again this often. */
const DELIVERY_POLL_MS = 1_500;

export type AlertFilterParams = { status?: "open" | "resolved"; kind?: string; page?: number; pageSize?: number };
export type DeliveryFilterParams = { channelId?: string; alertId?: string; page?: number; pageSize?: number };

export function alertListQuery(filters: AlertFilterParams) {
  return queryOptions({
    queryKey: ["alerts", "list", filters],
    queryFn: ({ signal }) => apiFetch(`/api/alerts?${searchParamsOf(filters)}`, { schema: alertListSchema, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: ALERTS_POLL_MS,
  });
}

export function alertRulesQuery() {
  return queryOptions({
    queryKey: ["alerts", "rules"],
    queryFn: ({ signal }) => apiFetch("/api/alerts/rules", { schema: alertRulesSchema, signal }),
  });
}

export function channelsQuery() {
  return queryOptions({
    queryKey: ["alerts", "channels"],
    queryFn: ({ signal }) => apiFetch("/api/alerts/channels", { schema: channelListSchema, signal }),
  });
}

export function deliveriesQuery(filters: DeliveryFilterParams) {
  return queryOptions({
    queryKey: ["alerts", "deliveries", filters],
    queryFn: ({ signal }) => apiFetch(`/api/alerts/deliveries?${searchParamsOf(filters)}`, { schema: deliveryListSchema, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.deliveries.some((d) => d.status === "pending") ? DELIVERY_POLL_MS : false),
  });
}

const channelPath = (channelId: string) => `/api/alerts/channels/${encodeURIComponent(channelId)}`;

export function useUpdateAlertRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateAlertRules) => apiFetch("/api/alerts/rules", { method: "PUT", body: input, schema: alertRulesSchema }),
    onSuccess: (data) => queryClient.setQueryData(alertRulesQuery().queryKey, data),
  });
}

/** Channels, and the delivery log that names them: both change with any channel mutation. */
function useInvalidateChannels() {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: channelsQuery().queryKey }), queryClient.invalidateQueries({ queryKey: ["alerts", "deliveries"] })]);
}

export function useCreateChannel() {
  const invalidate = useInvalidateChannels();
  return useMutation({
    mutationFn: (input: CreateChannel) => apiFetch("/api/alerts/channels", { method: "POST", body: input, schema: createdChannelSchema }),
    onSuccess: invalidate,
  });
}

export function useSetChannelEnabled() {
  const invalidate = useInvalidateChannels();
  return useMutation({
    mutationFn: ({ channelId, enabled }: { channelId: string; enabled: boolean }) => apiFetch(channelPath(channelId), { method: "PATCH", body: { enabled }, schema: channelSchema }),
    onSuccess: invalidate,
  });
}

export function useDeleteChannel() {
  const invalidate = useInvalidateChannels();
  return useMutation({
    mutationFn: (channelId: string) => apiFetch(channelPath(channelId), { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

export function useSendTest() {
  const invalidate = useInvalidateChannels();
  return useMutation({
    // The answer is not read: the page follows the test in the channel's delivery log until it is sent or failed.
    mutationFn: (channelId: string) => apiFetch(`${channelPath(channelId)}/test`, { method: "POST" }),
    onSuccess: invalidate,
  });
}
