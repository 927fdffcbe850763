import { z } from "zod";
import { cloudErrorSchema, instanceIdSchema } from "./plan";

// Restore drills: proof that a plan's backups boot and serve. A drill restores a backup point of each instance as
// a new ECS instance in the region's isolated vSwitch (no public IP, a security group with no inbound rule), waits
// until it is Running, runs a probe through Cloud Assistant, records the RTO (request → probe success) and the
// probe's output, and always deletes the drill instance. One schema for the dialog (browser) and the API (server).

// ---------------------------------------------------------------------------------------------------------------
// Probe gallery
// ---------------------------------------------------------------------------------------------------------------

export const probeKinds = ["agent", "file", "mysql", "postgres", "redis"] as const;
export type ProbeKind = (typeof probeKinds)[number];

export interface ProbeGalleryEntry {
  kind: ProbeKind;
  name: string;
  description: string;
  /** Service probes only mean something where the service runs; they are Linux shell commands. */
  linuxOnly: boolean;
}

export const probeGallery: readonly ProbeGalleryEntry[] = [
  {
    kind: "agent",
    name: "Agent answers and file systems mount",
    description:
      "Cloud Assistant runs a script on the drill instance: it prints the mounted file systems (df -T), checks that every file system listed in /etc/fstab is mounted, and reads each ext/xfs/btrfs file system through a read-only bind mount (it writes nothing).",
    linuxOnly: false,
  },
  {
    kind: "file",
    name: "File has content",
    description: "Passes when the file holds a line that is exactly the expected text (grep -qxF).",
    linuxOnly: true,
  },
  { kind: "mysql", name: "MySQL answers (mysqladmin ping)", description: "Passes when the restored MySQL or MariaDB server answers mysqladmin ping (root's socket or /root/.my.cnf).", linuxOnly: true },
  { kind: "postgres", name: "PostgreSQL accepts connections (pg_isready)", description: "Passes when pg_isready reports the restored PostgreSQL server accepting connections.", linuxOnly: true },
  { kind: "redis", name: "Redis answers (redis-cli ping)", description: "Passes when the restored Redis server answers PONG to redis-cli ping.", linuxOnly: true },
];
export const probeLabels = Object.fromEntries(probeGallery.map((p) => [p.kind, p.name])) as Record<ProbeKind, string>;

/** An absolute path of plain characters, so it is quoted safely in the probe script. */
export const probePathSchema = z
  .string()
  .trim()
  .regex(/^\/[A-Za-z0-9._\-/]{1,254}$/, "An absolute path: letters, digits, . _ - / only");
/** One line of text, without single quotes (the probe quotes it with them). */
export const probeTextSchema = z
  .string()
  .min(1, "Type the expected line")
  .max(200, "At most 200 characters")
  .refine((t) => !/['\n\r\0]/.test(t), "One line, without single quotes");

export const probeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("agent") }),
  z.object({ kind: z.literal("file"), path: probePathSchema, text: probeTextSchema }),
  z.object({ kind: z.literal("mysql") }),
  z.object({ kind: z.literal("postgres") }),
  z.object({ kind: z.literal("redis") }),
]);
export type Probe = z.infer<typeof probeSchema>;
export const DEFAULT_PROBE: Probe = { kind: "agent" };

/** The line the default probe prints first: the agent ran the script. */
export const AGENT_OK = "agent-ok";

const LINUX_AGENT_PROBE = `echo ${AGENT_OK}
df -T
awk '$1 !~ /^#/ && NF >= 4 && $3 != "swap" && $4 !~ /noauto/ {print $2}' /etc/fstab | while read -r m; do mountpoint -q "$m" || { echo "not mounted: $m"; exit 1; }; done || exit 1
for m in $(findmnt -rn -t ext2,ext3,ext4,xfs,btrfs -o TARGET); do d=$(mktemp -d); mount --bind -o ro "$m" "$d" && ls -A "$d" >/dev/null; r=$?; umount "$d" 2>/dev/null; rmdir "$d"; [ "$r" -eq 0 ] || { echo "not readable: $m"; exit 1; }; done
echo file-systems-ok`;

const WINDOWS_AGENT_PROBE = `Write-Output ${AGENT_OK}
Get-Volume | Where-Object DriveLetter | Format-Table -AutoSize DriveLetter, FileSystem, HealthStatus, SizeRemaining, Size
if (Get-Volume | Where-Object { $_.DriveLetter -and $_.HealthStatus -ne 'Healthy' }) { exit 1 }`;

/** The script Cloud Assistant runs on the drill instance for a probe; exit code 0 is a pass. */
export function probeScript(probe: Probe, osType: "linux" | "windows"): string {
  switch (probe.kind) {
    case "agent":
      return osType === "windows" ? WINDOWS_AGENT_PROBE : LINUX_AGENT_PROBE;
    case "file":
      // -e: the text is the pattern even when it starts with "-".
      return `grep -qxFe '${probe.text}' '${probe.path}'`;
    case "mysql":
      return "mysqladmin ping";
    case "postgres":
      return "pg_isready";
    case "redis":
      return "redis-cli ping";
  }
}

export function probeSummary(probe: Probe): string {
  return probe.kind === "file" ? `${probeLabels.file}: ${probe.path} = “${probe.text}”` : probeLabels[probe.kind];
}

// ---------------------------------------------------------------------------------------------------------------
// Request and settings
// ---------------------------------------------------------------------------------------------------------------

/** POST /api/plans/{planId}/drills: all instances of the plan (their newest backup point), or one, optionally a chosen backup point. */
export const drillRequestSchema = z
  .object({
    instanceId: instanceIdSchema.optional(),
    /** The console backup job whose backup point is restored; only with `instanceId`. */
    backupJobId: z.string().min(1).max(64).optional(),
    probe: probeSchema.default(DEFAULT_PROBE),
  })
  .superRefine((v, ctx) => {
    if (v.backupJobId && !v.instanceId) ctx.addIssue({ code: "custom", path: ["backupJobId"], message: "Choose the instance of this backup point" });
  });
export type DrillRequest = z.infer<typeof drillRequestSchema>;
export type DrillRequestInput = z.input<typeof drillRequestSchema>;

export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof weekdays)[number];
export const weekdayLabels: Record<Weekday, string> = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" };

export const drillScheduleSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("off") }),
  z.object({
    kind: z.literal("weekly"),
    day: z.enum(weekdays),
    /** HH:MM, UTC. */
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM, 00:00–23:59 (UTC)"),
  }),
]);
export type DrillSchedule = z.infer<typeof drillScheduleSchema>;

/** GET/PUT /api/plans/{planId}/drill-settings: the weekly schedule and the probe scheduled drills run. */
export const drillSettingsSchema = z.object({ schedule: drillScheduleSchema, probe: probeSchema });
export type DrillSettings = z.infer<typeof drillSettingsSchema>;
export const DEFAULT_DRILL_SETTINGS: DrillSettings = { schedule: { kind: "off" }, probe: DEFAULT_PROBE };

/** The first due time strictly after `after` (UTC), or null when the schedule is off. */
export function nextDrillDue(schedule: DrillSchedule, after: Date): Date | null {
  if (schedule.kind === "off") return null;
  const [h, m] = schedule.time.split(":").map(Number) as [number, number];
  const targetDow = (weekdays.indexOf(schedule.day) + 1) % 7; // JS: 0 = Sunday
  const d = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), h, m, 0, 0));
  d.setUTCDate(d.getUTCDate() + ((targetDow - d.getUTCDay() + 7) % 7));
  if (d.getTime() <= after.getTime()) d.setUTCDate(d.getUTCDate() + 7);
  return d;
}

export function scheduleSummary(schedule: DrillSchedule): string {
  return schedule.kind === "off" ? "Off" : `Weekly, ${weekdayLabels[schedule.day]} at ${schedule.time} UTC`;
}

// ---------------------------------------------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------------------------------------------

export const drillStatuses = ["pending", "restoring", "booting", "probing", "cleaning", "passed", "failed"] as const;
export type DrillStatus = (typeof drillStatuses)[number];
export const drillStatusLabels: Record<DrillStatus, string> = {
  pending: "Pending",
  restoring: "Restoring",
  booting: "Booting",
  probing: "Probing",
  cleaning: "Deleting the drill instance",
  passed: "Passed",
  failed: "Failed",
};
export const isFinalDrillStatus = (s: DrillStatus) => s === "passed" || s === "failed";

/** The worker's steps, in order: each run records each one (a resumed run skips what is done). */
export const drillStepNames = ["pickBackupPoint", "createRestoreJob", "waitRestoreJob", "tagInstance", "waitRunning", "probe", "deleteInstance"] as const;
export type DrillStepName = (typeof drillStepNames)[number];
export const drillStepLabels: Record<DrillStepName, string> = {
  pickBackupPoint: "Pick the backup point",
  createRestoreJob: "Start the restore in HBR",
  waitRestoreJob: "Restore the instance",
  tagInstance: "Tag the drill instance",
  waitRunning: "Wait until Running",
  probe: "Run the probe",
  deleteInstance: "Delete the drill instance",
};
export const drillStepStatuses = ["pending", "running", "done", "skipped", "failed"] as const;
export const drillStepSchema = z.object({
  name: z.enum(drillStepNames),
  status: z.enum(drillStepStatuses),
  detail: z.string().nullable(),
  at: z.string().nullable(),
});
export type DrillStep = z.infer<typeof drillStepSchema>;

/** The marker a drill's restored instance carries in its name, and the tag key the sweeper looks for. */
export const DRILL_NAME_PREFIX = "hbr-drill-";
export const DRILL_TAG_KEY = "hbr-console:drill";
export const drillInstanceName = (runId: string) => `${DRILL_NAME_PREFIX}${runId}`;

export const drillRunSchema = z.object({
  id: z.string(),
  planId: z.string(),
  instanceId: z.string(),
  instanceName: z.string().nullable(),
  status: z.enum(drillStatuses),
  trigger: z.enum(["manual", "schedule"]),
  steps: z.array(drillStepSchema),
  probe: probeSchema,
  backupPoint: z.object({ backupJobId: z.string(), hbrSnapshotId: z.string(), createdAt: z.string().nullable() }).nullable(),
  restoreRegionId: z.string(),
  restoreJobId: z.string().nullable(),
  drillInstanceId: z.string().nullable(),
  /** Request → probe success, in seconds; null until a probe passed. */
  rtoSeconds: z.number().int().nullable(),
  probeOutput: z.string().nullable(),
  probeExitCode: z.number().int().nullable(),
  lastError: cloudErrorSchema.nullable(),
  /** When the drill instance was confirmed gone from ECS. */
  instanceDeletedAt: z.string().nullable(),
  requestedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type DrillRun = z.infer<typeof drillRunSchema>;

/** An RTO as people read it: 45 s, 3 min 20 s, 2 h 5 min. */
export function formatRto(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  return m < 90 ? `${m} min ${seconds % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The plan's proof: every instance of the plan passed a drill; `at` is the oldest of their newest passes. */
export const lastVerifiedSchema = z.object({ at: z.string(), rtoSeconds: z.number().int() }).nullable();
export type LastVerified = z.infer<typeof lastVerifiedSchema>;
/** A plan counts as verified restorable when its proof is at most this old. */
export const VERIFIED_WITHIN_DAYS = 30;

export const drillHistoryQuerySchema = z.object({
  instanceId: instanceIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const drillHistorySchema = z.object({
  runs: z.array(drillRunSchema),
  lastVerified: lastVerifiedSchema,
  settings: drillSettingsSchema,
  /** The next scheduled drill, UTC. */
  nextDueAt: z.string().nullable(),
});
export type DrillHistory = z.infer<typeof drillHistorySchema>;
export const drillStartResultSchema = z.object({ runs: z.array(drillRunSchema) });
export type DrillStartResult = z.infer<typeof drillStartResultSchema>;
