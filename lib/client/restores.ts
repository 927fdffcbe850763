"use client";
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch, searchParamsOf } from "@/lib/client/api-fetch";
import {
  backupPointListSchema,
  isFinalRestoreStatus,
  restoreListSchema,
  restoreOptionsSchema,
  restoreSchema,
  type BackupPoint,
  type CreateRestore,
  type Restore,
  type RestoreListQuery,
} from "@/lib/schemas/restore";

// Restores: the Restore Center's list and one restore (both read again while a restore moves), the backup points
// a restore starts from, the live choices of the restore dialog, and the calls that start, retry or cancel one.

const POLL_MS = 2_000;
const restorePath = (restoreId: string) => `/api/restores/${encodeURIComponent(restoreId)}`;

/** The list's filters as they appear in the URL; absent ones are left to the server's defaults. */
export type RestoreListFilters = Partial<RestoreListQuery>;

/** A restore the worker is still moving (Cancelling included: it ends on its own). */
export const isRestoreMoving = (restore: Pick<Restore, "status">) => !isFinalRestoreStatus(restore.status);

export function restoreListQuery(filters: RestoreListFilters) {
  return queryOptions({
    queryKey: ["restores", "list", filters],
    queryFn: ({ signal }) => apiFetch(`/api/restores?${searchParamsOf(filters)}`, { schema: restoreListSchema, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some(isRestoreMoving) ? POLL_MS : false),
  });
}

export function restoreQuery(restoreId: string) {
  return queryOptions({
    queryKey: ["restores", "detail", restoreId],
    queryFn: ({ signal }) => apiFetch(restorePath(restoreId), { schema: restoreSchema, signal }),
    staleTime: 0,
    refetchInterval: (query) => (query.state.data && !isRestoreMoving(query.state.data) ? false : POLL_MS),
  });
}

export interface BackupPointFilters {
  instanceId?: string;
  planId?: string;
  regionId?: string;
}

/** Backup points, newest first; a restore's Back up first adds one, so they are read again after each restore. */
export function backupPointsQuery(filters: BackupPointFilters) {
  return queryOptions({
    queryKey: ["backup-points", filters],
    queryFn: ({ signal }) => apiFetch(`/api/backup-points?${searchParamsOf(filters)}`, { schema: backupPointListSchema, signal }),
  });
}

/** Zones, vSwitches, security groups and instance types of a region (and zone), read live for the restore dialog. */
export function restoreOptionsQuery(regionId: string, zoneId?: string) {
  const params = searchParamsOf({ zoneId });
  return queryOptions({
    queryKey: ["regions", regionId, "restore-options", zoneId ?? null],
    queryFn: ({ signal }) =>
      apiFetch(`/api/regions/${encodeURIComponent(regionId)}/restore-options${params.size ? `?${params}` : ""}`, { schema: restoreOptionsSchema, signal }),
    staleTime: 60_000,
  });
}

/** A restore the server just answered with: shown at once, and the lists (and backup points) read again. */
function useShowRestore() {
  const queryClient = useQueryClient();
  return async (restore: Restore) => {
    queryClient.setQueryData(restoreQuery(restore.id).queryKey, restore);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ["restores", "list"] }),
      queryClient.invalidateQueries({ queryKey: ["backup-points"] }),
    ]);
  };
}

/** POST /api/restores: 202 with the restore saved and queued; the worker does the rest. */
export function useCreateRestore() {
  const showRestore = useShowRestore();
  return useMutation({
    mutationFn: (input: CreateRestore) => apiFetch("/api/restores", { method: "POST", body: input, schema: restoreSchema }),
    onSuccess: showRestore,
  });
}

/** Retry resumes a failed restore at its first step not done. */
export function useRetryRestore() {
  const showRestore = useShowRestore();
  return useMutation({
    mutationFn: (restoreId: string) => apiFetch(`${restorePath(restoreId)}/retry`, { method: "POST", body: {}, schema: restoreSchema }),
    onSuccess: showRestore,
  });
}

export function useCancelRestore() {
  const showRestore = useShowRestore();
  return useMutation({
    mutationFn: (restoreId: string) => apiFetch(`${restorePath(restoreId)}/cancel`, { method: "POST", body: {}, schema: restoreSchema }),
    onSuccess: showRestore,
  });
}

/** "web-1-restored": a name ECS accepts (starts with a letter, no other characters than . _ - :). */
export function restoredNameOf(point: BackupPoint): string {
  const base = (point.instanceName ?? point.instanceId).replace(/[^\p{L}\p{N}._:-]/gu, "-");
  // The suffix always fits (ECS allows 128 characters): a default equal to the original's name would confuse.
  return /^\p{L}/u.test(base) ? `${base.slice(0, 128 - "-restored".length)}-restored` : `restored-${base.slice(0, 128 - "restored-".length)}`;
}

/** A host name ECS accepts for Linux, made from the restored name. */
export function hostNameOf(name: string): string {
  const host = name
    .replace(/[^A-Za-z0-9.-]/g, "-")
    .replace(/[.-]{2,}/g, "-")
    .replace(/^[.-]+|[.-]+$/g, "")
    .slice(0, 64)
    .replace(/[.-]+$/, "");
  return host.length >= 2 ? host : "restored";
}
