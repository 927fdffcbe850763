import { describe, expect, it } from "vitest";
import { createPlanSchema, planDetailSchema, type CreatePlanInput, type PlanDetail, type PlanJob } from "@/lib/schemas/plan";
import { csvField, exportFileName, hclIdentifier, hclString, jobsToCsv, planToTerraform, downloadResponse } from "@/lib/server/plans/export-plan";

const AT = new Date("2030-01-02T03:04:05.000Z");
const START = "2030-06-01T01:00:00Z";
const START_UNIX = Date.parse(START) / 1000;
const SG = "i-t4ndemo000000001";
const HZ = ["i-bp1demo000000005", "i-bp1demo000000006"];

function job(overrides: Partial<PlanJob> = {}): PlanJob {
  return {
    jobId: "job-000a",
    instanceId: SG,
    status: "COMPLETE",
    progress: 10_000,
    bytesDone: 42_949_672_960,
    bytesTotal: 42_949_672_960,
    consistencyLevel: "APPLICATION",
    consistencyRaw: null,
    downgradeReason: null,
    snapshotIds: ["s-1", "s-2"],
    replicaRegionId: "cn-hongkong",
    hbrSnapshotId: null,
    snapshotBytes: null,
    expiresAt: null,
    tagConsistencyLevel: null,
    predictedLevel: null,
    triggerMode: "SCHEDULE",
    createdAt: "2030-06-01T01:00:00.000Z",
    completedAt: "2030-06-01T01:12:30.000Z",
    ...overrides,
  };
}

/** A PlanDetail as the API answers it, built from a wizard input. */
function planOf(config: CreatePlanInput, extra: { id?: string; policyId?: string | null; jobs?: PlanJob[] } = {}): PlanDetail {
  const parsed = createPlanSchema.parse(config);
  const schedule = parsed.backupMode.mode === "auto" ? parsed.backupMode.schedule : null;
  return planDetailSchema.parse({
    id: extra.id ?? "plan_0123abcd",
    name: config.name,
    regionId: config.regionId,
    mode: parsed.backupMode.mode,
    scheduleKind: schedule?.kind ?? "manual",
    status: "active",
    instanceCount: parsed.backupObjects.instances.length,
    appConsistent: parsed.appConsistency.enabled,
    replicationRegionId: parsed.replication.destinationRegionId ?? null,
    paused: false,
    rpoBreached: null,
    lastSuccessAt: null,
    hasOpenAction: false,
    lastError: null,
    createdAt: "2030-01-01T00:00:00.000Z",
    updatedAt: "2030-01-01T00:00:00.000Z",
    config,
    retentionDays: 7,
    replicationRetentionDays: null,
    policyId: extra.policyId ?? null,
    instances: parsed.backupObjects.instances.map((i) => ({
      instanceId: i.instanceId,
      instanceName: `name-${i.instanceId}`,
      osName: "CentOS 7.9 64 bit",
      osType: "linux",
      protectAllDisks: i.protectAllDisks,
      diskIds: i.diskIds,
      snapshotGroup: false,
      lastBackupAt: null,
      lastConsistencyLevel: null,
    })),
    steps: [],
    jobs: extra.jobs ?? [],
    actions: [],
    rpoDueAt: null,
    createdBy: "admin@hbr.local",
  });
}

const base = (name: string, regionId: string, instanceIds: string[]): CreatePlanInput => ({
  name,
  regionId,
  backupObjects: { instances: instanceIds.map((instanceId) => ({ instanceId, protectAllDisks: true, diskIds: [] })) },
  backupMode: { mode: "manual", retention: { value: 7, unit: "days" } },
  appConsistency: { enabled: false, enableFsFreeze: true, freezeTimeoutSeconds: 30 },
  replication: { enabled: false },
});

function newPolicyPlan(): PlanDetail {
  const input = base("db nightly", "ap-southeast-1", [SG]);
  input.backupObjects.instances[0] = { instanceId: SG, protectAllDisks: false, diskIds: ["d-t4ndemo000000001s"] };
  input.backupMode = {
    mode: "auto",
    schedule: { kind: "newPolicy", policyName: "db-daily", startTime: START, interval: { value: 1, unit: "days" }, retention: { value: 2, unit: "weeks" } },
  };
  input.appConsistency = { enabled: true, enableFsFreeze: false, freezeTimeoutSeconds: 60 };
  input.replication = { enabled: true, destinationRegionId: "cn-hongkong", retention: { value: 1, unit: "months" } };
  return planOf(input, { policyId: "po-000000zemnuyx2li3y9y", jobs: [job()] });
}

const withSnapshotGroup = (plan: PlanDetail, snapshotGroup: boolean): PlanDetail => ({
  ...plan,
  instances: plan.instances.map((i) => ({ ...i, snapshotGroup })),
});

describe("planToTerraform", () => {
  it("a new policy: header, provider, the policy with its BACKUP and REPLICATION rules, and an app-consistent binding", () => {
    const hcl = planToTerraform(withSnapshotGroup(newPolicyPlan(), true), AT);
    expect(hcl.split("\n").slice(0, 2)).toEqual([
      `# Protection plan "db nightly" (plan_0123abcd) in ap-southeast-1`,
      "# Exported by hbr-console at 2030-01-02T03:04:05.000Z: what the console created in HBR for this plan.",
    ]);
    expect(hcl).toContain(`provider "alicloud" {\n  region = "ap-southeast-1"\n}`);
    expect(hcl).toContain(`required_providers {\n    alicloud = { source = "aliyun/alicloud" }\n  }`);
    expect(hcl).toContain(
      [
        `resource "alicloud_hbr_policy" "plan_0123abcd" {`,
        `  policy_name        = "db-daily"`,
        `  policy_description = "hbr-console:plan_0123abcd"`,
        `  policy_type        = "UDM_ECS_ONLY"`,
        ``,
        `  rules {`,
        `    rule_type             = "BACKUP"`,
        `    backup_type           = "COMPLETE"`,
        `    schedule              = "I|${START_UNIX}|P1D"`,
        `    retention             = 14`,
        `    keep_latest_snapshots = 1`,
        `  }`,
        ``,
        `  rules {`,
        `    rule_type             = "REPLICATION"`,
        `    replication_region_id = "cn-hongkong"`,
        `    retention             = 30`,
        `  }`,
        `}`,
      ].join("\n"),
    );
    expect(hcl).toContain(
      [
        `resource "alicloud_hbr_policy_binding" "plan_0123abcd_i_t4ndemo000000001" {`,
        `  policy_id                  = alicloud_hbr_policy.plan_0123abcd.id`,
        `  source_type                = "UDM_ECS"`,
        `  data_source_id             = "${SG}"`,
        `  policy_binding_description = "hbr-console:plan_0123abcd"`,
        ``,
        `  advanced_options {`,
        `    udm_detail {`,
        `      snapshot_group     = true`,
        `      disk_id_list       = ["d-t4ndemo000000001s"]`,
        `      app_consistent     = true`,
        `      enable_writers     = true`,
        `      enable_fs_freeze   = false`,
        `      timeout_in_seconds = 60`,
        `      pre_script_path    = "/tmp/prescript.sh"`,
        `      post_script_path   = "/tmp/postscript.sh"`,
        `      ram_role_name      = "AppSnapshotRoleName"`,
        `    }`,
        `  }`,
        `}`,
      ].join("\n"),
    );
    expect(hcl.endsWith("}\n")).toBe(true);
  });


  it("an existing policy: bindings to the literal policy id, no policy resource, a note that it is managed elsewhere", () => {
    const input = base("web tier", "cn-hangzhou", HZ);
    input.backupMode = { mode: "auto", schedule: { kind: "existingPolicy", policyId: "po-abc123" } };
    const hcl = planToTerraform(withSnapshotGroup(planOf(input, { id: "plan_77ee" }), false), AT);
    expect(hcl).not.toContain(`resource "alicloud_hbr_policy" `);
    expect(hcl).toContain("# The instances are bound to existing backup policy po-abc123; the policy itself is managed elsewhere");
    for (const id of HZ) {
      expect(hcl).toContain(`resource "alicloud_hbr_policy_binding" "plan_77ee_${id.replace("-", "_")}" {\n  policy_id                  = "po-abc123"\n`);
      expect(hcl).toContain(`data_source_id             = "${id}"`);
    }
    // Protect All Disks: no disk list (HBR backs up every disk); not app-consistent: no script options.
    expect(hcl.match(/udm_detail \{\n {6}snapshot_group = false\n {4}\}/g)).toHaveLength(2);
    expect(hcl).not.toContain("disk_id_list");
    expect(hcl).not.toContain("app_consistent");
  });

  it("a legacy plan per instance: alicloud_hbr_server_backup_plan with schedule, retention and the Detail it can express", () => {
    const input = base("sh legacy", "cn-shanghai", ["i-uf6demo000000001"]);
    input.backupMode = { mode: "auto", schedule: { kind: "plan", startTime: START, interval: { value: 6, unit: "hours" }, retention: { value: 1, unit: "years" } } };
    input.replication = { enabled: true, destinationRegionId: "cn-hangzhou", retention: { value: 10, unit: "days" } };
    const hcl = planToTerraform(withSnapshotGroup(planOf(input, { id: "plan_5h" }), false), AT);
    expect(hcl).toContain(
      [
        `resource "alicloud_hbr_server_backup_plan" "plan_5h_i_uf6demo000000001" {`,
        `  # First run 2030-06-01T01:00:00.000Z. The console also sets KeepLatestSnapshots = 1, which this resource does not expose.`,
        `  ecs_server_backup_plan_name = "hbr-console-plan_5h-i-uf6demo000000001"`,
        `  instance_id                 = "i-uf6demo000000001"`,
        `  schedule                    = "I|${START_UNIX}|PT6H"`,
        `  retention                   = 365`,
        ``,
        `  detail {`,
        `    app_consistent        = false`,
        `    snapshot_group        = false`,
        `    do_copy               = true`,
        `    destination_region_id = "cn-hangzhou"`,
        `    destination_retention = 10`,
        `  }`,
        `}`,
      ].join("\n"),
    );
    expect(hcl).toContain(`provider "alicloud" {\n  region = "cn-shanghai"\n}`);
    expect(hcl).not.toContain("alicloud_hbr_policy");
  });

  it("a legacy app-consistent plan names the Detail fields Terraform cannot set instead of inventing arguments", () => {
    const input = base("sg legacy", "ap-southeast-1", [SG]);
    input.backupMode = { mode: "auto", schedule: { kind: "plan", startTime: START, interval: { value: 1, unit: "weeks" }, retention: { value: 7, unit: "days" } } };
    input.appConsistency = { enabled: true, enableFsFreeze: true, freezeTimeoutSeconds: 45 };
    const hcl = planToTerraform(withSnapshotGroup(planOf(input), true), AT);
    expect(hcl).toContain(`schedule                    = "I|${START_UNIX}|P1W"`);
    expect(hcl).toContain(`# HBR also gets enable_writers = true, ram_role_name = "AppSnapshotRoleName" in Detail; this resource has no arguments for them.`);
    expect(hcl).toContain(
      [
        `  detail {`,
        `    app_consistent     = true`,
        `    snapshot_group     = true`,
        `    do_copy            = false`,
        `    enable_fs_freeze   = true`,
        `    timeout_in_seconds = 45`,
        `    pre_script_path    = "/tmp/prescript.sh"`,
        `    post_script_path   = "/tmp/postscript.sh"`,
        `  }`,
      ].join("\n"),
    );
    expect(hcl).not.toMatch(/^\s+(enable_writers|ram_role_name)\s+=/m);
  });

  it("a manual plan: only comments, listing the jobs; no provider and no resource", () => {
    const input = base("one off", "cn-shanghai", ["i-uf6demo000000002"]);
    const plan = planOf(input, { jobs: [job({ jobId: "job-m1", instanceId: "i-uf6demo000000002", status: "RUNNING", completedAt: null })] });
    const hcl = planToTerraform(plan, AT);
    const lines = hcl.trimEnd().split("\n");
    expect(lines.every((l) => l === "" || l.startsWith("#"))).toBe(true);
    expect(hcl).toContain("# Terraform has no resource for a one-off backup job");
    expect(hcl).toContain("#   i-uf6demo000000002: job name hbr-console-plan_0123abcd-i-uf6demo000000002");
    expect(hcl).toContain("#   job-m1  i-uf6demo000000002  RUNNING  created 2030-06-01T01:00:00.000Z\n");
    expect(planToTerraform(planOf(input), AT)).toContain("#   (none recorded yet)");
  });

  it("escapes strings and makes identifiers valid", () => {
    expect(hclString(`a "b" \\ c`)).toBe(`"a \\"b\\" \\\\ c"`);
    expect(hclString("x\ny\r\tz\u0001")).toBe(`"x\\ny\\r\\tz\\u0001"`);
    expect(hclString("${var.x} %{ if } $5 %d")).toBe(`"$\${var.x} %%{ if } $5 %d"`);
    expect(hclIdentifier("plan_ab12")).toBe("plan_ab12");
    expect(hclIdentifier("i-bp1demo")).toBe("i_bp1demo");
    expect(hclIdentifier("9lives.x")).toBe("_9lives_x");
    // A template sequence in a plan or policy name reaches HCL as text, not as an interpolation.
    const plan = newPolicyPlan();
    plan.config.backupMode = { mode: "auto", schedule: { kind: "newPolicy", policyName: "p${x}", startTime: START, interval: { value: 1, unit: "days" }, retention: { value: 7, unit: "days" } } };
    expect(planToTerraform(plan, AT)).toContain(`policy_name        = "p$\${x}"`);
  });
});

describe("jobsToCsv", () => {
  const header = "Job ID,Instance ID,Status,Progress (%),Bytes done,Bytes total,Consistency level,Downgrade reason,Snapshot IDs,Replica region,Created at (UTC),Completed at (UTC)";

  it("writes a header and one CRLF-terminated row per job, with progress in percent and UTC times", () => {
    const plan = newPolicyPlan();
    plan.jobs = [
      job(),
      job({ jobId: "job-000b", status: "RUNNING", progress: 1234, bytesDone: 5, bytesTotal: null, consistencyLevel: null, snapshotIds: [], replicaRegionId: null, completedAt: null, createdAt: "2030-06-02T09:00:00+08:00" }),
    ];
    expect(jobsToCsv(plan)).toBe(
      [
        header,
        `job-000a,${SG},COMPLETE,100,42949672960,42949672960,APPLICATION,,s-1 s-2,cn-hongkong,2030-06-01T01:00:00.000Z,2030-06-01T01:12:30.000Z`,
        `job-000b,${SG},RUNNING,12.34,5,,,,,,2030-06-02T01:00:00.000Z,`,
        "",
      ].join("\r\n"),
    );
  });

  it("is just the header without jobs", () => {
    expect(jobsToCsv({ jobs: [] })).toBe(`${header}\r\n`);
  });

  it("quotes fields with commas, quotes and line breaks, doubling quotes", () => {
    const csv = jobsToCsv({ jobs: [job({ status: "PARTIAL_COMPLETE", downgradeReason: 'HBR.NoRamRoleBound, "role" missing\r\nsee docs' })] });
    // The line break inside the quoted field is kept; only the record ends in a bare CRLF.
    expect(csv).toContain(`,APPLICATION,"HBR.NoRamRoleBound, ""role"" missing\r\nsee docs",s-1 s-2,`);
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  it("neutralises spreadsheet formulas with a leading apostrophe", () => {
    expect(csvField("=HYPERLINK(\"http://x\")")).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-2")).toBe("'-2");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\tx")).toBe("'\tx");
    expect(csvField("\rx")).toBe(`"'\rx"`);
    expect(csvField("a=b")).toBe("a=b");
    const row = jobsToCsv({ jobs: [job({ downgradeReason: "=cmd|' /C calc'!A0" })] }).split("\r\n")[1];
    expect(row).toContain(",'=cmd|' /C calc'!A0,");
  });
});

describe("downloads", () => {
  it("names the file after the plan, ASCII-safe, and keeps the real name in filename*", async () => {
    expect(exportFileName({ id: "plan_1", name: "db nightly" }, ".tf")).toBe("db_nightly.tf");
    expect(exportFileName({ id: "plan_1", name: "备份" }, "-jobs.csv")).toBe("plan_1-jobs.csv");
    const res = downloadResponse("x", "text/csv; charset=utf-8", { id: "plan_1", name: "备份 a" }, "-jobs.csv");
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="a-jobs.csv"; filename*=UTF-8''%E5%A4%87%E4%BB%BD%20a-jobs.csv`);
    expect(await res.text()).toBe("x");
  });
});
