import type { ScenarioInput } from "./schema.ts";

/**
 * The fleet a new user clicks through: four hand-made regions covering every prerequisite case of
 * application-consistent backup, plus Tokyo with 5,000 generated instances for paging and performance.
 */
const PRESCRIPT = "#!/bin/bash\n# flush application buffers before the snapshot\nsync\n";
const POSTSCRIPT = "#!/bin/bash\n# resume the application after the snapshot\nexit 0\n";
const scripts = (mode = "0700", owner = "root") => [
  { path: "/tmp/prescript.sh", mode, owner, content: PRESCRIPT },
  { path: "/tmp/postscript.sh", mode, owner, content: POSTSCRIPT },
];

type Case = {
  name: string;
  os: string;
  osType?: "linux" | "windows";
  category?: string;
  fs?: string;
  role?: string | null;
  assistant?: "running" | "stopped" | "absent";
  files?: { path: string; mode: string; owner: string; content: string }[];
  status?: "Running" | "Stopped";
  dataDisk?: boolean;
  tags?: Record<string, string>;
};

const ROLE = "AppSnapshotRoleName";
const linuxReady = (name: string, os: string, extra: Partial<Case> = {}): Case => ({ name, os, files: scripts(), dataDisk: true, ...extra });
const windowsReady = (name: string, os: string, extra: Partial<Case> = {}): Case => ({ name, os, osType: "windows", fs: "NTFS", ...extra });

const CASES: Record<string, Case[]> = {
  "ap-southeast-1": [
    linuxReady("sg-db-mysql-01", "CentOS 7.9 64 bit", { tags: { env: "prod", app: "mysql" } }),
    windowsReady("sg-win-sql-2019", "Windows Server 2019 Datacenter 64bit", { tags: { env: "prod", app: "mssql" } }),
    windowsReady("sg-win-iis-2016", "Windows Server 2016 Datacenter 64bit", { tags: { env: "prod" } }),
    windowsReady("sg-win-ad-2012", "Windows Server 2012 R2 Datacenter 64bit", { tags: { env: "prod" } }),
    linuxReady("sg-web-ubuntu-20", "Ubuntu 20.04 64 bit", { files: [], tags: { env: "prod", app: "web" } }),
    linuxReady("sg-alinux2-app", "Alibaba Cloud Linux 2.1903 LTS 64 bit", { files: scripts("0755"), tags: { env: "staging" } }),
    linuxReady("sg-centos76-app", "CentOS 7.6 64 bit", { files: scripts("0700", "admin"), tags: { env: "staging" } }),
    linuxReady("sg-centos75-legacy", "CentOS 7.5 64 bit", { tags: { env: "legacy" } }),
    linuxReady("sg-hdd-archive", "CentOS 7.9 64 bit", { category: "cloud_efficiency", tags: { env: "prod" } }),
    linuxReady("sg-btrfs-cache", "Ubuntu 22.04 64 bit", { fs: "btrfs" }),
    linuxReady("sg-no-role", "Ubuntu 22.04 64 bit", { role: null, tags: { env: "dev" } }),
    linuxReady("sg-stopped-batch", "CentOS 7.9 64 bit", { status: "Stopped", tags: { env: "dev" } }),
    // Bound to policies made in Policy Center (e2e/ui/policy-center.spec.ts).
    linuxReady("sg-policy-app-1", "CentOS 7.9 64 bit", { tags: { env: "staging" } }),
    linuxReady("sg-policy-app-2", "Ubuntu 20.04 64 bit", { tags: { env: "staging" } }),
  ],
  "cn-hongkong": [
    linuxReady("hk-pg-primary", "Ubuntu 18.04 64 bit", { tags: { env: "prod", app: "postgres" } }),
    windowsReady("hk-win-files-2019", "Windows Server 2019 Datacenter 64bit", { tags: { env: "prod" } }),
    linuxReady("hk-alinux2-redis", "Alibaba Cloud Linux 2.1903 LTS 64 bit", { tags: { env: "prod", app: "redis" } }),
    linuxReady("hk-ubuntu16-old", "Ubuntu 16.04 64 bit", { tags: { env: "legacy" } }),
    linuxReady("hk-role-no-policy", "CentOS 7.9 64 bit", { role: "RoleWithoutPolicy" }),
    linuxReady("hk-agent-stopped", "CentOS 7.8 64 bit", { assistant: "stopped" }),
    linuxReady("hk-agent-absent", "CentOS 7.9 64 bit", { assistant: "absent" }),
    windowsReady("hk-win-agent-absent", "Windows Server 2016 Datacenter 64bit", { assistant: "absent" }),
    linuxReady("hk-ssd-mixed", "CentOS 7.9 64 bit", { category: "cloud_ssd" }),
    linuxReady("hk-prescript-only", "CentOS 7.9 64 bit", { files: [scripts()[0]!] }),
    linuxReady("hk-centos8", "CentOS 8.5 64 bit", { tags: { env: "staging" } }),
    windowsReady("hk-win-2022", "Windows Server 2022 Datacenter 64bit", { status: "Stopped" }),
    // Fails every prerequisite the console can fix: no RAM role, no Cloud Assistant, no scripts.
    linuxReady("hk-new-mysql", "Ubuntu 20.04 64 bit", { role: null, assistant: "absent", files: [], tags: { env: "prod", app: "mysql" } }),
    // For script dry runs (e2e/ui/scripts.spec.ts).
    linuxReady("hk-scripts-lab", "CentOS 7.9 64 bit", { files: [], tags: { env: "dev" } }),
  ],
  "cn-hangzhou": [
    linuxReady("hz-erp-db", "CentOS 7.9 64 bit", { tags: { env: "prod", app: "erp" } }),
    windowsReady("hz-win-2019", "Windows Server 2019 Datacenter 64bit"),
    linuxReady("hz-ubuntu-web-1", "Ubuntu 20.04 64 bit", { files: [], tags: { env: "prod", app: "web" } }),
    linuxReady("hz-ubuntu-web-2", "Ubuntu 20.04 64 bit", { files: [], tags: { env: "prod", app: "web" } }),
    linuxReady("hz-alinux2", "Alibaba Cloud Linux 2.1903 LTS 64 bit"),
    linuxReady("hz-efficiency", "CentOS 7.9 64 bit", { category: "cloud_efficiency" }),
    linuxReady("hz-no-role", "CentOS 7.9 64 bit", { role: null }),
    linuxReady("hz-agent-absent", "Ubuntu 18.04 64 bit", { assistant: "absent" }),
    linuxReady("hz-stopped", "CentOS 7.9 64 bit", { status: "Stopped" }),
    // Protected outside the console (hbrProtection below), for the coverage page: no e2e spec uses them.
    linuxReady("hz-crm-legacy", "CentOS 7.9 64 bit", { tags: { env: "prod", app: "crm", owner: "sales-it" } }),
    linuxReady("hz-reports", "Ubuntu 20.04 64 bit", { tags: { env: "prod", app: "reports", owner: "sales-it" } }),
    windowsReady("hz-terraform-web", "Windows Server 2019 Datacenter 64bit", { tags: { env: "prod", app: "web", managedBy: "terraform" } }),
  ],
  "cn-shanghai": [
    linuxReady("sh-oracle", "CentOS 7.9 64 bit", { tags: { env: "prod", app: "oracle" } }),
    windowsReady("sh-win-2016", "Windows Server 2016 Datacenter 64bit"),
    linuxReady("sh-ubuntu-18", "Ubuntu 18.04 64 bit"),
    linuxReady("sh-centos75", "CentOS 7.5 64 bit"),
    linuxReady("sh-ext3-legacy", "CentOS 7.9 64 bit", { fs: "ext3" }),
    linuxReady("sh-zfs", "Ubuntu 20.04 64 bit", { fs: "zfs" }),
    linuxReady("sh-agent-stopped", "CentOS 7.9 64 bit", { assistant: "stopped" }),
    linuxReady("sh-role-no-policy", "Ubuntu 20.04 64 bit", { role: "RoleWithoutPolicy" }),
    linuxReady("sh-dev-box", "Ubuntu 22.04 64 bit", { status: "Stopped", role: null }),
    // Left unprotected for Coverage's end-to-end test (no other spec may protect it).
    linuxReady("sh-batch-etl", "CentOS 7.9 64 bit", { tags: { env: "dev", app: "etl" } }),
  ],
};

const PREFIX: Record<string, string> = { "ap-southeast-1": "t4n", "cn-hongkong": "j6c", "cn-hangzhou": "bp1", "cn-shanghai": "uf6" };

function instances() {
  return Object.entries(CASES).flatMap(([regionId, cases]) =>
    cases.map((c, i) => {
      const n = String(i + 1).padStart(4, "0");
      const id = `${PREFIX[regionId]}demo00000${n}`;
      const windows = c.osType === "windows";
      const fs = c.fs ?? (windows ? "NTFS" : "ext4");
      const category = c.category ?? "cloud_essd";
      const disks: { diskId: string; type: "system" | "data"; category: string; sizeGiB: number; fileSystem: string }[] = [{ diskId: `d-${id}s`, type: "system", category, sizeGiB: windows ? 60 : 40, fileSystem: fs }];
      if (c.dataDisk) disks.push({ diskId: `d-${id}d`, type: "data", category, sizeGiB: 200, fileSystem: windows ? "NTFS" : "xfs" });
      return {
        instanceId: `i-${id}`,
        instanceName: c.name,
        regionId,
        zoneId: `${regionId}-${regionId === "cn-hongkong" ? "b" : "a"}`,
        status: c.status ?? "Running",
        osType: c.osType ?? "linux",
        osName: c.os,
        cloudAssistant: c.assistant ?? "running",
        ramRoleName: c.role === undefined ? ROLE : c.role,
        tags: c.tags ?? {},
        disks,
        files: c.files ?? [],
      };
    }),
  );
}

export const APP_SNAPSHOT_POLICY = {
  Version: "1",
  Statement: [
    {
      Effect: "Allow",
      Action: ["ecs:DescribeSnapshot*", "ecs:CreateSnapshot*", "ecs:TagResources", "ecs:DescribeDisks"],
      Resource: ["*"],
      Condition: {},
    },
  ],
};

export function defaultScenario(): ScenarioInput {
  return {
    regions: [
      { regionId: "ap-southeast-1", localName: "Singapore", policySupported: true },
      { regionId: "cn-hongkong", localName: "China (Hong Kong)", policySupported: true },
      { regionId: "cn-hangzhou", localName: "China (Hangzhou)", policySupported: true },
      { regionId: "cn-shanghai", localName: "China (Shanghai)", policySupported: false },
      { regionId: "ap-northeast-1", localName: "Japan (Tokyo)", policySupported: false },
    ],
    instances: instances(),
    ramRoles: [
      { roleName: ROLE, trustedService: "ecs.aliyuncs.com", policies: ["AppSnapshotPolicy"] },
      { roleName: "RoleWithoutPolicy", trustedService: "ecs.aliyuncs.com", policies: [] },
    ],
    ramPolicies: [{ policyName: "AppSnapshotPolicy", document: APP_SNAPSHOT_POLICY }],
    generate: [{ regionId: "ap-northeast-1", count: 5000, namePrefix: "bulk-" }],
    // Made "in Alibaba's console" and by Terraform, not by this console: coverage shows them as protected outside it.
    hbrPolicies: [
      {
        regionId: "cn-hangzhou",
        policyName: "sales-it-daily",
        description: "Created in the HBR console by the sales IT team",
        interval: "P1D",
        retentionDays: 30,
        bindings: [{ instanceId: "i-bp1demo000000010" }, { instanceId: "i-bp1demo000000011", disabled: true }],
      },
    ],
    hbrBackupPlans: [{ regionId: "cn-hangzhou", planName: "terraform-web-daily", instanceId: "i-bp1demo000000012", interval: "P1D", retentionDays: 14 }],
  };
}
