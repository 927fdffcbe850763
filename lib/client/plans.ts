"use client";
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch, searchParamsOf } from "@/lib/client/api-fetch";
import { awaitsBackupPoint, isFinishedJobStatus } from "@/lib/schemas/backup-point";
import {
  bulkPlanActionResultSchema,
  planActionSchema,
  planDetailSchema,
  planListSchema,
  type CreatePlanInput,
  type PlanActionKind,
  type PlanDetail,
  type PlanListQuery,
} from "@/lib/schemas/plan";

const POLL_MS = 2_000;
const planPath = (planId: string) => `/api/plans/${encodeURIComponent(planId)}`;

/** The list's filters as they appear in the URL; absent ones are left to the server's defaults. */
export type PlanListFilters = Partial<Omit<PlanListQuery, "page" | "pageSize">> & { page?: number; pageSize?: number };

export function planListQuery(filters: PlanListFilters) {
  return queryOptions({
    queryKey: ["plans", "list", filters],
    queryFn: ({ signal }) => apiFetch(`/api/plans?${searchParamsOf(filters)}`, { schema: planListSchema, signal }),
    placeholderData: keepPreviousData,
    // While a listed plan is changing on its own (provisioning, deleting, an action underway), keep the page fresh.
    refetchInterval: (query) => (query.state.data?.plans.some((p) => p.hasOpenAction || movingStatuses.has(p.status)) ? POLL_MS : false),
  });
}

const movingStatuses = new Set(["pending", "provisioning", "deleting"]);

/**
 * Whether the plan is still changing on its own: provisioning, deleting, an action or a backup job in flight, or a
 * finished job whose consistency level the worker is still reading.
 */
export function isPlanMoving(plan: PlanDetail, now = Date.now()): boolean {
  if (plan.status === "pending" || plan.status === "provisioning" || plan.status === "deleting") return true;
  if (plan.actions.some((a) => a.status === "pending" || a.status === "running")) return true;
  return plan.jobs.some((j) => !isFinishedJobStatus(j.status) || awaitsBackupPoint(j, now));
}

/** Where the plan's downloads are served. */
export const planExportPaths = (planId: string) => ({ terraform: `${planPath(planId)}/export/terraform`, jobsCsv: `${planPath(planId)}/export/jobs` });

export function planQuery(planId: string) {
  return queryOptions({
    queryKey: ["plans", "detail", planId],
    queryFn: ({ signal }) => apiFetch(planPath(planId), { schema: planDetailSchema, signal }),
    staleTime: 0,
    refetchInterval: (query) => (query.state.data && isPlanMoving(query.state.data) ? POLL_MS : false),
  });
}

/** POST /api/plans; the Idempotency-Key makes a resent OK return the plan made the first time. */
function postPlan(input: CreatePlanInput, idempotencyKey: string): Promise<PlanDetail> {
  return apiFetch("/api/plans", { method: "POST", body: input, schema: planDetailSchema, headers: { "idempotency-key": idempotencyKey } });
}

/** A plan the server just answered with: shown at once on its page, and the lists read again. */
function useShowPlan() {
  const queryClient = useQueryClient();
  return async (plan: PlanDetail) => {
    queryClient.setQueryData(planQuery(plan.id).queryKey, plan);
    await queryClient.invalidateQueries({ queryKey: ["plans", "list"] });
  };
}

export function useCreatePlan() {
  const showPlan = useShowPlan();
  return useMutation({
    mutationFn: ({ input, idempotencyKey }: { input: CreatePlanInput; idempotencyKey: string }) => postPlan(input, idempotencyKey),
    onSuccess: showPlan,
  });
}

export function useRetryPlan() {
  const showPlan = useShowPlan();
  return useMutation({
    mutationFn: (planId: string) => apiFetch(`${planPath(planId)}/retry`, { method: "POST", body: {}, schema: planDetailSchema }),
    onSuccess: showPlan,
  });
}

export function useDeletePlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (planId: string) => apiFetch(planPath(planId), { method: "DELETE" }),
    onSuccess: async (_answer, planId) => {
      await queryClient.invalidateQueries({ queryKey: planQuery(planId).queryKey });
      await queryClient.invalidateQueries({ queryKey: ["plans", "list"] });
    },
  });
}

/** Pause, Resume or Run backup now on one plan; the plan's page then polls until the worker is done. */
export function usePlanAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ planId, kind }: { planId: string; kind: PlanActionKind }) =>
      apiFetch(`${planPath(planId)}/actions`, { method: "POST", body: { kind }, schema: planActionSchema }),
    onSuccess: async (_action, { planId }) => {
      await queryClient.invalidateQueries({ queryKey: planQuery(planId).queryKey });
      await queryClient.invalidateQueries({ queryKey: ["plans", "list"] });
    },
  });
}

/** One action on many plans; the answer lists the plans it did not apply to. */
export function useBulkPlanAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ planIds, kind }: { planIds: string[]; kind: PlanActionKind }) =>
      apiFetch("/api/plans/actions", { method: "POST", body: { planIds, kind }, schema: bulkPlanActionResultSchema }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["plans"] });
    },
  });
}
