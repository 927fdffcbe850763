import "server-only";
import { labels } from "@/lib/schemas/labels";
import { hbrSchedule, retentionDays, type PlanDetail, type PlanJob } from "@/lib/schemas/plan";
import { instanceMarker, planMarker } from "@/lib/server/cloud/hbr/markers";
import { ecsDetail, policyRules, udmDetail } from "@/lib/server/plans/plan-steps";

// A plan exported as files an admin downloads: Terraform (alicloud provider) that recreates what the console
// created in HBR, and the plan's backup jobs as CSV. The HBR values come from the same functions the worker sends
// (plan-steps.ts), so the export cannot drift from what provisioning really did.
//
// Resource arguments follow aliyun/terraform-provider-alicloud: website/docs/r/hbr_policy.html.markdown,
// hbr_policy_binding.html.markdown and hbr_server_backup_plan.html.markdown (with the resources' Go schemas).
// Legacy per-instance plans are `alicloud_hbr_server_backup_plan`, the provider's UDM_ECS backup plan;
// `alicloud_hbr_ecs_backup_plan` would be a file backup (SourceType ECS_FILE) that needs a vault.

// ---- HCL ----

/** An expression written as is (a reference such as `alicloud_hbr_policy.x.id`), not as a string. */
interface HclRaw {
  raw: string;
}
type HclValue = string | number | boolean | string[] | HclRaw;
interface HclBlock {
  header: string;
  comments?: string[];
  attributes: [string, HclValue][];
  blocks?: HclBlock[];
}

const CONTROL = /[\u0000-\u001f\u007f]/g;
const ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** A quoted HCL string: backslash escapes, and `${` / `%{` doubled so HCL reads no template in it. */
export function hclString(value: string): string {
  const escaped = value
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(CONTROL, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/([$%])\{/g, (_m, sigil: string) => `${sigil}${sigil}{`);
  return `"${escaped}"`;
}

/** A valid HCL identifier (letters, digits, underscores; not starting with a digit) from an id. */
export function hclIdentifier(id: string): string {
  const name = id.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

const hclValue = (v: HclValue): string =>
  typeof v === "string" ? hclString(v) : Array.isArray(v) ? `[${v.map(hclString).join(", ")}]` : typeof v === "object" ? v.raw : String(v);

/** A comment line; line breaks in the text would end the comment, so they become spaces. */
const comment = (text: string, indent = "") => `${indent}# ${text.replace(/[\r\n]+/g, " ")}`.trimEnd();

/** Written as `terraform fmt` would: two-space indents, aligned `=`, a blank line before nested blocks. */
function renderBlock(block: HclBlock, depth = 0): string[] {
  const pad = "  ".repeat(depth);
  const inner = `${pad}  `;
  const width = Math.max(0, ...block.attributes.map(([name]) => name.length));
  const lines = [`${pad}${block.header} {`];
  for (const text of block.comments ?? []) lines.push(comment(text, inner));
  for (const [name, value] of block.attributes) lines.push(`${inner}${name.padEnd(width)} = ${hclValue(value)}`);
  for (const child of block.blocks ?? []) {
    if (lines.length > 1) lines.push("");
    lines.push(...renderBlock(child, depth + 1));
  }
  lines.push(`${pad}}`);
  return lines;
}

const snakeCase = (key: string) => key.charAt(0).toLowerCase() + key.slice(1).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** HBR's lowerCamel fields as Terraform arguments; an empty list means "all disks" in HBR, as does no list. */
function argumentsOf(fields: object): [string, HclValue][] {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => [snakeCase(k), v as HclValue]);
}

// ---- Terraform for each kind of plan ----

interface InstanceRef {
  instanceId: string;
  snapshotGroup: boolean;
}

const instancesOf = (plan: PlanDetail): InstanceRef[] =>
  plan.config.backupObjects.instances.map((i) => ({
    instanceId: i.instanceId,
    snapshotGroup: plan.instances.find((v) => v.instanceId === i.instanceId)?.snapshotGroup ?? false,
  }));

function header(plan: PlanDetail, generatedAt: Date): string[] {
  return [
    comment(`Protection plan "${plan.name}" (${plan.id}) in ${plan.regionId}`),
    comment(`Exported by hbr-console at ${generatedAt.toISOString()}: what the console created in HBR for this plan.`),
  ];
}

function providerBlocks(plan: PlanDetail): HclBlock[] {
  return [
    { header: "terraform", attributes: [], blocks: [{ header: "required_providers", attributes: [["alicloud", { raw: `{ source = "aliyun/alicloud" }` }]] }] },
    { header: `provider "alicloud"`, attributes: [["region", plan.regionId]] },
  ];
}

function bindingBlock(plan: PlanDetail, instance: InstanceRef, policyId: HclValue): HclBlock {
  const detail = udmDetail(plan.config, { instanceId: instance.instanceId, snapshotGroupSupported: instance.snapshotGroup });
  return {
    header: `resource "alicloud_hbr_policy_binding" ${hclString(`${hclIdentifier(plan.id)}_${hclIdentifier(instance.instanceId)}`)}`,
    attributes: [
      ["policy_id", policyId],
      ["source_type", "UDM_ECS"],
      ["data_source_id", instance.instanceId],
      // The console finds its own bindings again by this marker.
      ["policy_binding_description", planMarker(plan.id)],
    ],
    blocks: [
      {
        header: "advanced_options",
        attributes: [],
        blocks: [{ header: "udm_detail", attributes: argumentsOf(detail) }],
      },
    ],
  };
}

function newPolicyBlocks(plan: PlanDetail, policyName: string): HclBlock[] {
  const name = hclIdentifier(plan.id);
  const policy: HclBlock = {
    header: `resource "alicloud_hbr_policy" ${hclString(name)}`,
    attributes: [
      ["policy_name", policyName],
      // The console finds the policy it created again by this marker.
      ["policy_description", planMarker(plan.id)],
      ["policy_type", "UDM_ECS_ONLY"],
    ],
    blocks: policyRules(plan.config).map((rule) => ({ header: "rules", attributes: argumentsOf(rule) })),
  };
  const policyId = { raw: `alicloud_hbr_policy.${name}.id` };
  return [policy, ...instancesOf(plan).map((i) => bindingBlock(plan, i, policyId))];
}

/** Detail arguments alicloud_hbr_server_backup_plan has; HBR gets the others too, but Terraform cannot set them. */
const SERVER_PLAN_DETAIL = new Set([
  "app_consistent",
  "snapshot_group",
  "enable_fs_freeze",
  "pre_script_path",
  "post_script_path",
  "timeout_in_seconds",
  "disk_id_list",
  "do_copy",
  "destination_region_id",
  "destination_retention",
]);

function serverPlanBlock(plan: PlanDetail, instance: InstanceRef, startTime: string, schedule: string, retention: number): HclBlock {
  const fields = argumentsOf(ecsDetail(plan.config, { instanceId: instance.instanceId, snapshotGroupSupported: instance.snapshotGroup }, "CreateBackupPlan"));
  const detail = new Map<string, HclValue>([["app_consistent", false], ...fields.filter(([k]) => SERVER_PLAN_DETAIL.has(k))]);
  const unsupported = fields.filter(([k]) => !SERVER_PLAN_DETAIL.has(k)).map(([k, v]) => `${k} = ${hclValue(v)}`);
  return {
    header: `resource "alicloud_hbr_server_backup_plan" ${hclString(`${hclIdentifier(plan.id)}_${hclIdentifier(instance.instanceId)}`)}`,
    comments: [
      `First run ${startTime}. The console also sets KeepLatestSnapshots = 1, which this resource does not expose.`,
      ...(unsupported.length ? [`HBR also gets ${unsupported.join(", ")} in Detail; this resource has no arguments for them.`] : []),
    ],
    attributes: [
      // The console finds its own backup plan again by this name.
      ["ecs_server_backup_plan_name", instanceMarker(plan.id, instance.instanceId)],
      ["instance_id", instance.instanceId],
      ["schedule", schedule],
      ["retention", retention],
    ],
    blocks: [
      { header: "detail", attributes: [...detail] },
    ],
  };
}

const utc = (iso: string | null) => (iso ? new Date(iso).toISOString() : "");

function manualComments(plan: PlanDetail): string[] {
  const jobs = plan.jobs.length
    ? plan.jobs.map((j) => `  ${j.jobId}  ${j.instanceId ?? "-"}  ${j.status}  created ${utc(j.createdAt)}${j.completedAt ? `, completed ${utc(j.completedAt)}` : ""}`)
    : ["  (none recorded yet)"];
  return [
    `${labels.manualBackup}: this plan made one-off backup jobs (CreateBackupJob), one per instance:`,
    ...instancesOf(plan).map((i) => `  ${i.instanceId}: job name ${instanceMarker(plan.id, i.instanceId)}`),
    "Terraform has no resource for a one-off backup job, so there is nothing to recreate here. The jobs:",
    ...jobs,
  ].map((text) => comment(text));
}

/** The plan as Terraform for the alicloud provider: the policy and its bindings, or the per-instance plans. */
export function planToTerraform(plan: PlanDetail, generatedAt: Date = new Date()): string {
  const mode = plan.config.backupMode;
  if (mode.mode === "manual") return [...header(plan, generatedAt), "", ...manualComments(plan), ""].join("\n");

  const schedule = mode.schedule;
  const lines = [...header(plan, generatedAt)];
  let resources: HclBlock[];
  if (schedule.kind === "newPolicy") {
    resources = newPolicyBlocks(plan, schedule.policyName);
  } else if (schedule.kind === "existingPolicy") {
    lines.push(comment(`The instances are bound to existing backup policy ${schedule.policyId}; the policy itself is managed elsewhere`));
    lines.push(comment(`(in ${labels.policyCenter} or its own Terraform), so only the bindings are here.`));
    resources = instancesOf(plan).map((i) => bindingBlock(plan, i, schedule.policyId));
  } else {
    const hbr = hbrSchedule(schedule.startTime, schedule.interval);
    resources = instancesOf(plan).map((i) => serverPlanBlock(plan, i, utc(schedule.startTime), hbr, retentionDays(schedule.retention)));
  }
  for (const block of [...providerBlocks(plan), ...resources]) lines.push("", ...renderBlock(block));
  return `${lines.join("\n")}\n`;
}

// ---- CSV ----

export const JOBS_CSV_HEADER = [
  "Job ID",
  "Instance ID",
  "Status",
  "Progress (%)",
  "Bytes done",
  "Bytes total",
  "Consistency level",
  "Downgrade reason",
  "Snapshot IDs",
  "Replica region",
  "Created at (UTC)",
  "Completed at (UTC)",
] as const;

/**
 * One RFC 4180 field. Spreadsheets run a cell that starts with = + - @ (or a tab/CR before one) as a formula, and
 * job fields carry cloud text (downgrade reasons, ids), so such a field is made text with a leading apostrophe.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One job as the CSV row under JOBS_CSV_HEADER. */
export const jobCsvRow = (j: PlanJob): string[] => [
  j.jobId,
  j.instanceId ?? "",
  j.status,
  // HBR reports progress in basis points (0–10000).
  String(j.progress / 100),
  j.bytesDone === null ? "" : String(j.bytesDone),
  j.bytesTotal === null ? "" : String(j.bytesTotal),
  j.consistencyLevel ?? "",
  j.downgradeReason ?? "",
  j.snapshotIds.join(" "),
  j.replicaRegionId ?? "",
  utc(j.createdAt),
  utc(j.completedAt),
];

/** The plan's backup jobs as CSV (RFC 4180: CRLF line ends, quoted fields), with a header row. */
export function jobsToCsv(plan: Pick<PlanDetail, "jobs">): string {
  return toCsv([JOBS_CSV_HEADER, ...plan.jobs.map(jobCsvRow)]);
}

/** Rows as RFC 4180 CSV: each field through csvField, CRLF after every row. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}

// ---- Download ----

/** A file name from the plan name: ASCII letters, digits, . _ - only (plan names may hold any letter). */
export function exportFileName(plan: Pick<PlanDetail, "id" | "name">, suffix: string): string {
  const base = plan.name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+|_+$/g, "");
  return `${base || plan.id}${suffix}`;
}

const rfc5987 = (text: string) => encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** An attachment answer; `filename*` keeps a non-ASCII plan name for browsers that read it. */
export function downloadResponse(body: string, contentType: string, plan: Pick<PlanDetail, "id" | "name">, suffix: string): Response {
  const disposition = `attachment; filename="${exportFileName(plan, suffix)}"; filename*=UTF-8''${rfc5987(`${plan.name}${suffix}`)}`;
  return new Response(body, { status: 200, headers: { "content-type": contentType, "content-disposition": disposition } });
}
