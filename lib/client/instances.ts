import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import {
  instanceDetailSchema,
  instanceListSchema,
  instanceTaskListSchema,
  instanceTaskPreviewSchema,
  instanceTaskSchema,
  prerequisitesSchema,
  type InstanceTaskRequest,
} from "@/lib/schemas/instances";

// ECS instances, read live through /api: the region's list (slow to change), one instance's prerequisites
// (re-checked on demand), the instance page with its plans and backups, its fixes and dry runs, and the calls to
// start one.

const instancesPath = (regionId: string) => `/api/regions/${encodeURIComponent(regionId)}/instances`;
const instancePath = (regionId: string, instanceId: string) => `${instancesPath(regionId)}/${encodeURIComponent(instanceId)}`;
/** While a task runs, its steps are read this often. */
export const TASK_POLL_MS = 1_500;

export interface InstanceFilters {
  q: string;
  page: number;
  pageSize: number;
  /** Optional narrowing (the wizard's picker): ECS status, zone id, tag as `key` or `key=value`, OS type. */
  status?: string;
  zoneId?: string;
  tag?: string;
  osType?: string;
  /** Exactly these instances (≤ 100, one cloud call): comma-separated ids. */
  ids?: string;
}

export function instancesQuery(regionId: string, { q, page, pageSize, status = "", zoneId = "", tag = "", osType = "", ids = "" }: InstanceFilters) {
  const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  if (q) params.set("q", q);
  const filters = { status, zoneId, tag, osType, ids };
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const narrowed = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
  return queryOptions({
    queryKey: ["regions", regionId, "instances", { q, page, pageSize, ...narrowed }],
    queryFn: ({ signal }) => apiFetch(`${instancesPath(regionId)}?${params}`, { schema: instanceListSchema, signal }),
    // The table keeps showing the previous page while the next one loads, so it does not jump.
    placeholderData: keepPreviousData,
  });
}

export function prerequisitesQuery(regionId: string, instanceId: string) {
  return queryOptions({
    queryKey: ["regions", regionId, "instances", instanceId, "prerequisites"],
    queryFn: ({ signal }) => apiFetch(`${instancePath(regionId, instanceId)}/prerequisites`, { schema: prerequisitesSchema, signal }),
    // A live checklist: what the instance looked like a minute ago is not good enough.
    staleTime: 0,
  });
}

export function instanceDetailQuery(regionId: string, instanceId: string) {
  return queryOptions({
    queryKey: ["regions", regionId, "instances", instanceId, "detail"],
    queryFn: ({ signal }) => apiFetch(instancePath(regionId, instanceId), { schema: instanceDetailSchema, signal }),
  });
}

export function instanceTasksQuery(regionId: string, instanceId: string) {
  return queryOptions({
    queryKey: ["regions", regionId, "instances", instanceId, "tasks"],
    queryFn: ({ signal }) => apiFetch(`${instancePath(regionId, instanceId)}/tasks`, { schema: instanceTaskListSchema, signal }),
    refetchInterval: (query) => (query.state.data?.tasks.some((t) => t.status === "pending" || t.status === "running") ? TASK_POLL_MS : false),
  });
}

export function useTaskPreview(regionId: string, instanceId: string) {
  return useMutation({
    mutationFn: (request: InstanceTaskRequest) => apiFetch(`${instancePath(regionId, instanceId)}/tasks/preview`, { method: "POST", body: request, schema: instanceTaskPreviewSchema }),
  });
}

export function useStartTask(regionId: string, instanceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: InstanceTaskRequest) => apiFetch(`${instancePath(regionId, instanceId)}/tasks`, { method: "POST", body: request, schema: instanceTaskSchema }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: instanceTasksQuery(regionId, instanceId).queryKey });
    },
  });
}

/** After a task finishes, what it changed shows in the checklist and the instance. */
export async function refreshAfterTask(queryClient: ReturnType<typeof useQueryClient>, regionId: string, instanceId: string) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: prerequisitesQuery(regionId, instanceId).queryKey }),
    queryClient.invalidateQueries({ queryKey: instanceDetailQuery(regionId, instanceId).queryKey }),
  ]);
}
