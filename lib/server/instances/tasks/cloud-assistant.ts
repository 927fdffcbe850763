import "server-only";
import { $Ecs } from "@/lib/server/cloud/clients";
import { readAgentStatus } from "@/lib/server/instances/run-guest-command";
import { call, plannedStep, runStep, TaskStopped } from "@/lib/server/instances/tasks/task-steps";
import type { TaskRunner } from "@/lib/server/instances/tasks/task-runner";
import { sleep } from "@/lib/utils";

// Installs the Cloud Assistant agent (aliyun.service on Linux, AliyunService on Windows) when it is missing, and
// waits until ECS reports it online. An agent that is installed but not running is not reinstalled: ECS starts it
// on the next boot, which the console never does without the admin.

const WAIT_ONLINE_MS = 60_000;
const POLL_MS = 1_000;

const agentName = (osType: "linux" | "windows") => (osType === "windows" ? "AliyunService" : "aliyun.service");

export const cloudAssistantRunner: TaskRunner<"cloudAssistant"> & { waitOnlineMs: number } = {
  kind: "cloudAssistant",
  waitOnlineMs: WAIT_ONLINE_MS,
  async plan({ cloud, instance }) {
    const { regionId, instanceId, osType } = instance;
    const status = await readAgentStatus(cloud, regionId, instanceId);
    const lookup = call("ECS", "DescribeCloudAssistantStatus", { RegionId: regionId, InstanceId: [instanceId] });
    const steps = [
      plannedStep(
        "install",
        `Install Cloud Assistant (${agentName(osType)})`,
        [lookup, call("ECS", "InstallCloudAssistant", { RegionId: regionId, InstanceId: [instanceId] })],
        status.isRunning ? `Cloud Assistant ${status.version} is already running` : status.version ? `Cloud Assistant ${status.version} is installed` : null,
      ),
      plannedStep("verify", "Wait until Cloud Assistant is online", [lookup], status.isRunning ? `Cloud Assistant ${status.version} is online` : null),
    ];
    const blocker =
      instance.status !== "Running"
        ? `${instanceId} is ${instance.status}. Cloud Assistant installs and runs only on a running instance: start it first.`
        : !status.isRunning && status.version
          ? `Cloud Assistant ${status.version} is installed on ${instanceId} but not running. Restart the instance (or the ${agentName(osType)} service) to start it; reinstalling does not help.`
          : null;
    return { steps, blocker };
  },
  async run({ cloud, instance }, _input, steps, report) {
    const { regionId, instanceId, osType } = instance;
    await runStep(steps, "install", report, async () => {
      const status = await readAgentStatus(cloud, regionId, instanceId);
      if (status.version) return { skipped: true, detail: `Cloud Assistant ${status.version} is already installed` };
      await cloud.ecs(regionId).installCloudAssistant(new $Ecs.InstallCloudAssistantRequest({ regionId, instanceId: [instanceId] }));
      return { detail: "InstallCloudAssistant accepted" };
    });
    let version = "";
    await runStep(steps, "verify", report, async () => {
      const deadline = Date.now() + this.waitOnlineMs;
      for (;;) {
        const status = await readAgentStatus(cloud, regionId, instanceId);
        if (status.isRunning) {
          version = status.version;
          return { detail: `Cloud Assistant ${status.version} is online (${agentName(osType)})` };
        }
        if (Date.now() + POLL_MS > deadline) {
          throw new TaskStopped(
            `Cloud Assistant is installed but not online after ${Math.round(this.waitOnlineMs / 1000)} s. Some images start the agent only after a restart: restart ${instanceId} and check again.`,
          );
        }
        await sleep(POLL_MS);
      }
    });
    return `Cloud Assistant ${version} is running on ${instanceId}`;
  },
};
