import { z } from "zod";

/** The scenario file (`EMULATOR_SCENARIO`): the inventory a fresh or reset emulator starts from. */
const fileSchema = z.object({
  path: z.string().startsWith("/").or(z.string().regex(/^[A-Za-z]:\\/)),
  mode: z.string().regex(/^0?[0-7]{3}$/, "mode is octal, e.g. 0700"),
  owner: z.string().min(1),
  group: z.string().min(1).optional(),
  content: z.string().default(""),
});

const diskSchema = z.object({
  diskId: z.string().regex(/^d-[a-z0-9]+$/, "disk ids look like d-…"),
  type: z.enum(["system", "data"]),
  category: z.string().min(1),
  sizeGiB: z.number().int().positive(),
  fileSystem: z.string().min(1),
  device: z.string().optional(),
});

const instanceSchema = z.object({
  instanceId: z.string().regex(/^i-[a-z0-9]+$/, "instance ids look like i-…"),
  instanceName: z.string().min(1),
  regionId: z.string().min(1),
  zoneId: z.string().min(1),
  status: z.enum(["Running", "Stopped", "Starting", "Stopping", "Pending"]),
  osType: z.enum(["linux", "windows"]),
  osName: z.string().min(1),
  instanceType: z.string().default("ecs.g7.large"),
  hostName: z.string().optional(),
  cloudAssistant: z.enum(["running", "stopped", "absent"]),
  ramRoleName: z.string().nullable().default(null),
  tags: z.record(z.string(), z.string()).default({}),
  disks: z.array(diskSchema).min(1),
  files: z.array(fileSchema).default([]),
});

export const scenarioSchema = z
  .object({
    regions: z
      .array(
        z.object({
          regionId: z.string().regex(/^[a-z]{2}-[a-z0-9-]+$/),
          localName: z.string().min(1),
          policySupported: z.boolean(),
          appConsistentSupported: z.boolean().optional(),
        }),
      )
      .min(1),
    instances: z.array(instanceSchema).default([]),
    ramRoles: z
      .array(z.object({ roleName: z.string().min(1), trustedService: z.string().default("ecs.aliyuncs.com"), policies: z.array(z.string()).default([]) }))
      .default([]),
    ramPolicies: z.array(z.object({ policyName: z.string().min(1), document: z.record(z.string(), z.unknown()) })).default([]),
    generate: z
      .array(z.object({ regionId: z.string(), count: z.number().int().positive().max(100_000), namePrefix: z.string().default("bulk-") }))
      .default([]),
  })
  .superRefine((scenario, ctx) => {
    const regions = new Set(scenario.regions.map((r) => r.regionId));
    const roles = new Set(scenario.ramRoles.map((r) => r.roleName));
    const policies = new Set(scenario.ramPolicies.map((p) => p.policyName));
    const ids = new Set<string>();
    scenario.instances.forEach((instance, i) => {
      if (!regions.has(instance.regionId))
        ctx.addIssue({ code: "custom", path: ["instances", i, "regionId"], message: `unknown region "${instance.regionId}" (declare it in "regions")` });
      if (ids.has(instance.instanceId)) ctx.addIssue({ code: "custom", path: ["instances", i, "instanceId"], message: `duplicate instance id ${instance.instanceId}` });
      ids.add(instance.instanceId);
      if (instance.ramRoleName && !roles.has(instance.ramRoleName))
        ctx.addIssue({ code: "custom", path: ["instances", i, "ramRoleName"], message: `unknown RAM role "${instance.ramRoleName}" (declare it in "ramRoles")` });
    });
    scenario.ramRoles.forEach((role, i) =>
      role.policies.forEach((p, j) => {
        if (!policies.has(p) && !SYSTEM_POLICIES.has(p))
          ctx.addIssue({ code: "custom", path: ["ramRoles", i, "policies", j], message: `unknown RAM policy "${p}" (declare it in "ramPolicies")` });
      }),
    );
    scenario.generate.forEach((g, i) => {
      if (!regions.has(g.regionId)) ctx.addIssue({ code: "custom", path: ["generate", i, "regionId"], message: `unknown region "${g.regionId}"` });
    });
  });

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioInstance = z.infer<typeof instanceSchema>;

/** System policies the emulator knows; they grant every ECS action. */
export const SYSTEM_POLICIES = new Set(["AdministratorAccess", "AliyunECSFullAccess"]);

export function parseScenario(data: unknown, source: string): Scenario {
  const result = scenarioSchema.safeParse(data);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new Error(`Invalid emulator scenario ${source}:\n${lines.join("\n")}`);
  }
  return result.data;
}
