import "server-only";
import type { InstanceTaskKind } from "@/lib/schemas/instances";
import { cloudAssistantRunner } from "@/lib/server/instance-tasks/cloud-assistant";
import { dryRunRunner } from "@/lib/server/instance-tasks/dry-run";
import { ramRoleRunner } from "@/lib/server/instance-tasks/ram-role";
import type { TaskRunner } from "@/lib/server/instance-tasks/task-runner";
import { uploadScriptsRunner } from "@/lib/server/instance-tasks/upload-scripts";

const runners: { [K in InstanceTaskKind]: TaskRunner<K> } = {
  ramRole: ramRoleRunner,
  cloudAssistant: cloudAssistantRunner,
  scripts: uploadScriptsRunner,
  dryRun: dryRunRunner,
};

export const runnerFor = <K extends InstanceTaskKind>(kind: K): TaskRunner<K> => runners[kind];
