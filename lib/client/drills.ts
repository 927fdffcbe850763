"use client";
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import { drillHistorySchema, drillSettingsSchema, drillStartResultSchema, isFinalDrillStatus, type DrillRequestInput, type DrillSettings } from "@/lib/schemas/drill";

const POLL_MS = 2_000;
const drillsPath = (planId: string) => `/api/plans/${encodeURIComponent(planId)}/drills`;
const settingsPath = (planId: string) => `/api/plans/${encodeURIComponent(planId)}/drill-settings`;

/** The plan's drills, proof and settings; polled while a drill is under way. */
export function drillsQuery(planId: string) {
  return queryOptions({
    queryKey: ["plans", "drills", planId],
    queryFn: ({ signal }) => apiFetch(drillsPath(planId), { schema: drillHistorySchema, signal }),
    refetchInterval: (query) => (query.state.data?.runs.some((r) => !isFinalDrillStatus(r.status)) ? POLL_MS : false),
  });
}

export function useStartDrill(planId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: DrillRequestInput) => apiFetch(drillsPath(planId), { method: "POST", body: request, schema: drillStartResultSchema }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: drillsQuery(planId).queryKey });
    },
  });
}

export function useSaveDrillSettings(planId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: DrillSettings) => apiFetch(settingsPath(planId), { method: "PUT", body: settings, schema: drillSettingsSchema }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: drillsQuery(planId).queryKey });
    },
  });
}
