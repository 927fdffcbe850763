import { expect, type Page } from "@playwright/test";
import { planStatusLabels, type PlanStatus } from "@/lib/schemas/plan";

/** The plan detail page (/plans/:id) and the plans list. */
export class PlanPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1 });
  readonly status = () => this.page.getByTestId("plan-status").first();
  readonly configuration = () => this.page.getByTestId("plan-configuration");
  readonly instances = () => this.page.getByRole("table", { name: "Instances" });
  readonly steps = () => this.page.getByRole("table", { name: "Provisioning steps" });
  readonly jobs = () => this.page.getByRole("table", { name: "Backup jobs" });
  readonly progressBars = () => this.page.getByRole("progressbar");
  readonly lastError = () => this.page.getByTestId("plan-last-error");
  readonly retry = () => this.page.getByRole("button", { name: "Retry" });
  readonly delete = () => this.page.getByRole("button", { name: "Delete", exact: true });

  // The list
  readonly addButton = () => this.page.getByRole("link", { name: "Add ECS Backup" });
  readonly search = () => this.page.getByRole("searchbox", { name: "Search plans" });
  readonly statusFilter = () => this.page.getByRole("combobox", { name: "Status" });
  readonly modeFilter = () => this.page.getByRole("combobox", { name: "Mode" });
  readonly table = () => this.page.getByRole("table", { name: "Protection plans" });
  readonly row = (name: string) => this.table().getByRole("row").filter({ hasText: name });

  async open(planId: string, regionId?: string): Promise<void> {
    await this.page.goto(`/plans/${planId}${regionId ? `?region=${regionId}` : ""}`);
  }

  /** Waits (the page polls every 2 s) until the plan reaches `status`. */
  async expectStatus(status: PlanStatus, timeout = 45_000): Promise<void> {
    await expect(this.status()).toHaveText(planStatusLabels[status], { timeout });
  }

  async deletePlan(): Promise<void> {
    await this.delete().click();
    const dialog = this.page.getByRole("alertdialog");
    await expect(dialog).toContainText("HBR");
    await dialog.getByRole("button", { name: "Delete plan" }).click();
  }
}
