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

/** An ISO 8601 interval (`P1D`, `PT12H`); the first run is one interval after the emulator is seeded. */
const intervalSchema = z.string().regex(/^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?)?$/, "an ISO 8601 interval such as P1D or PT12H");

/**
 * HBR protection made outside the console (in Alibaba's console, by Terraform): a backup policy with its bindings,
 * or a backup plan (UDM_ECS) on one instance. The console finds them in its inventory sync.
 */
const hbrPolicySchema = z.object({
  regionId: z.string(),
  policyName: z.string().min(1).max(64),
  description: z.string().default(""),
  interval: intervalSchema,
  retentionDays: z.number().int().min(1).max(364_635),
  bindings: z.array(z.object({ instanceId: z.string(), disabled: z.boolean().default(false) })).min(1).max(99),
});
const hbrBackupPlanSchema = z.object({
  regionId: z.string(),
  planName: z.string().min(1).max(64),
  instanceId: z.string(),
  interval: intervalSchema,
  retentionDays: z.number().int().min(1).max(364_635),
  disabled: z.boolean().default(false),
});

const tagsSchema = z.record(z.string(), z.string()).default({});

/** Network beyond what every region gets (zones -a/-b/-c, the demo and drill VPCs): extra zones, vSwitches, groups. */
const networkSchema = z.object({
  zones: z
    .array(z.object({ regionId: z.string(), zoneId: z.string().min(1), localName: z.string().optional(), diskCategories: z.array(z.string()).optional(), instanceTypes: z.array(z.string()).optional() }))
    .default([]),
  vSwitches: z
    .array(
      z.object({
        regionId: z.string(), zoneId: z.string().min(1), vSwitchId: z.string().regex(/^vsw-[a-z0-9]+$/, "vSwitch ids look like vsw-…"), vpcId: z.string().regex(/^vpc-[a-z0-9]+$/),
        cidrBlock: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2[0-9])$/, "an IPv4 CIDR from /16 to /29"), vSwitchName: z.string().default(""), description: z.string().default(""), tags: tagsSchema,
      }),
    )
    .default([]),
  securityGroups: z
    .array(
      z.object({
        regionId: z.string(), securityGroupId: z.string().regex(/^sg-[a-z0-9]+$/, "security group ids look like sg-…"), vpcId: z.string().regex(/^vpc-[a-z0-9]+$/),
        securityGroupName: z.string().default(""), description: z.string().default(""), tags: tagsSchema,
      }),
    )
    .default([]),
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
    network: networkSchema.default({ zones: [], vSwitches: [], securityGroups: [] }),
    hbrPolicies: z.array(hbrPolicySchema).default([]),
    hbrBackupPlans: z.array(hbrBackupPlanSchema).default([]),
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
    const zones = new Set(scenario.network.zones.map((z) => z.zoneId));
    for (const r of regions) for (const l of ["a", "b", "c"]) zones.add(`${r}-${l}`);
    for (const i of scenario.instances) zones.add(i.zoneId);
    for (const kind of ["zones", "vSwitches", "securityGroups"] as const)
      scenario.network[kind].forEach((item, i) => {
        if (!regions.has(item.regionId)) ctx.addIssue({ code: "custom", path: ["network", kind, i, "regionId"], message: `unknown region "${item.regionId}"` });
      });
    scenario.network.vSwitches.forEach((v, i) => {
      if (!zones.has(v.zoneId)) ctx.addIssue({ code: "custom", path: ["network", "vSwitches", i, "zoneId"], message: `unknown zone "${v.zoneId}" (declare it in "network.zones")` });
    });
    const instanceRegion = new Map(scenario.instances.map((i) => [i.instanceId, i.regionId]));
    const policyRegions = new Set(scenario.regions.filter((r) => r.policySupported).map((r) => r.regionId));
    const bound = new Set<string>();
    scenario.hbrPolicies.forEach((p, i) => {
      if (!policyRegions.has(p.regionId)) ctx.addIssue({ code: "custom", path: ["hbrPolicies", i, "regionId"], message: `"${p.regionId}" is not a declared region with policySupported` });
      p.bindings.forEach((b, j) => {
        if (instanceRegion.get(b.instanceId) !== p.regionId)
          ctx.addIssue({ code: "custom", path: ["hbrPolicies", i, "bindings", j, "instanceId"], message: `${b.instanceId} is not an instance of ${p.regionId}` });
        if (bound.has(b.instanceId)) ctx.addIssue({ code: "custom", path: ["hbrPolicies", i, "bindings", j, "instanceId"], message: `${b.instanceId} is bound twice (one policy per instance)` });
        bound.add(b.instanceId);
      });
    });
    scenario.hbrBackupPlans.forEach((p, i) => {
      if (instanceRegion.get(p.instanceId) !== p.regionId)
        ctx.addIssue({ code: "custom", path: ["hbrBackupPlans", i, "instanceId"], message: `${p.instanceId} is not an instance of ${p.regionId}` });
    });
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
