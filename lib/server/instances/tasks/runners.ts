import "server-only";
import type { InstanceTaskKind } from "@/lib/schemas/instances";
import { cloudAssistantRunner } from "@/lib/server/instances/tasks/cloud-assistant";
import { dryRunRunner } from "@/lib/server/instances/tasks/dry-run";
import { ramRoleRunner } from "@/lib/server/instances/tasks/ram-role";
import type { TaskRunner } from "@/lib/server/instances/tasks/task-runner";
import { uploadScriptsRunner } from "@/lib/server/instances/tasks/upload-scripts";

const runners: { [K in InstanceTaskKind]: TaskRunner<K> } = {
  ramRole: ramRoleRunner,
  cloudAssistant: cloudAssistantRunner,
  scripts: uploadScriptsRunner,
  dryRun: dryRunRunner,
};

export const runnerFor = <K extends InstanceTaskKind>(kind: K): TaskRunner<K> => runners[kind];
