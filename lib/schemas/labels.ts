// Product labels, spelled exactly as HBR's console spells them (docs/hbr-app-consistent-backup.txt).
// The UI, validation messages and e2e locators import these instead of typing them again.
export const labels = {
  addEcsBackup: "Add ECS Backup",
  createPlan: "Create ECS Protection Plan",
  protectAllDisks: "Protect All Disks",
  manualBackup: "Manual Backup",
  autoBackup: "Auto Backup",
  appConsistentBackup: "Application Consistent Backup",
  replication: "Replication to Other Region",
  destinationRegion: "Destination Region",
  retentionPeriod: "Retention Period",
  startTime: "Start Time",
  backupInterval: "Backup Interval",
  policyCenter: "Policy Center",
  backupObjects: "Backup Objects",
  backupMode: "Backup Mode",
  appConsistency: "Application Consistency",
  replicationStep: "Replication",
  review: "Review",
} as const;

/** The wizard's steps, in order. */
export const wizardSteps = [
  { id: "objects", label: labels.backupObjects },
  { id: "mode", label: labels.backupMode },
  { id: "consistency", label: labels.appConsistency },
  { id: "replication", label: labels.replicationStep },
  { id: "review", label: labels.review },
] as const;
export type WizardStepId = (typeof wizardSteps)[number]["id"];
