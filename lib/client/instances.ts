import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import { prerequisitesQuery } from "@/lib/client/inventory";
import { instanceTaskListSchema, instanceTaskPreviewSchema, instanceTaskSchema, type InstanceTaskRequest } from "@/lib/schemas/instance-task";
import { instanceDetailSchema } from "@/lib/schemas/inventory";

// The instance page: the instance with its plans and backups, its fixes and dry runs, and the calls to start one.

const instancePath = (regionId: string, instanceId: string) => `/api/regions/${encodeURIComponent(regionId)}/instances/${encodeURIComponent(instanceId)}`;
/** While a task runs, its steps are read this often. */
export const TASK_POLL_MS = 1_500;

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
