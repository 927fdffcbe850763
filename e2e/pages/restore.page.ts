import { expect, type Page } from "@playwright/test";
import { restoreKindLabels, restoreStatusLabels, type RestoreKind, type RestoreStatus } from "@/lib/schemas/restore";

/** Backup points (plan and instance pages), the restore dialog, and the Restore Center (/restores). */
export class RestorePage {
  constructor(readonly page: Page) {}

  // Backup points
  readonly backupPoints = () => this.page.getByRole("table", { name: /^Backup points of this/ });
  readonly restoreButtons = () => this.backupPoints().getByRole("button", { name: /^Restore/ });
  readonly pointRow = (backupJobId: string) => this.page.getByTestId(`backup-point-${backupJobId}`);

  // The dialog
  readonly dialog = () => this.page.getByRole("dialog");
  readonly kind = (kind: RestoreKind) => this.dialog().getByRole("radio", { name: new RegExp(`^${restoreKindLabels[kind]}`) });
  readonly field = (label: string | RegExp) => this.dialog().getByLabel(label);
  readonly toggle = (label: string) => this.dialog().getByRole("switch", { name: label, exact: true });
  readonly submit = (label: string) => this.dialog().getByRole("button", { name: label, exact: true });
  readonly rollbackWarning = () => this.dialog().getByTestId("rollback-warning");
  readonly formError = () => this.dialog().getByTestId("restore-form-error");

  // The Restore Center
  readonly table = () => this.page.getByRole("table", { name: "Restores" });
  readonly row = (restoreId: string) => this.page.getByTestId(`restore-${restoreId}`);
  readonly statusFilter = () => this.page.getByRole("combobox", { name: "Status" });
  readonly kindFilter = () => this.page.getByRole("combobox", { name: "Kind" });
  readonly regionFilter = () => this.page.getByRole("combobox", { name: "Restore region" });

  /** Opens the dialog from the backup point of `backupJobId`. */
  async openDialog(backupJobId: string): Promise<void> {
    await this.pointRow(backupJobId).getByRole("button", { name: /^Restore/ }).click();
    await expect(this.dialog()).toBeVisible();
  }

  /** Waits (the Restore Center polls every 2 s) until the restore reaches `status`. */
  async expectStatus(restoreId: string, status: RestoreStatus, timeout = 90_000): Promise<void> {
    await expect(this.row(restoreId).getByTestId("restore-status")).toHaveText(restoreStatusLabels[status], { timeout });
  }

  /** Shows the restore's steps under its row. */
  async showSteps(restoreId: string): Promise<void> {
    await this.row(restoreId).getByRole("button", { name: /^Steps/ }).click();
  }
}
