import { expect, type Page } from "@playwright/test";
import { labels } from "@/lib/schemas/labels";

/** The Create ECS Protection Plan wizard, by role and label. */
export class WizardPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1, name: labels.createPlan });
  readonly currentStep = () => this.page.getByRole("navigation", { name: "Wizard steps" }).locator('[aria-current="step"]');
  readonly next = () => this.page.getByRole("button", { name: "Next", exact: true });
  readonly previous = () => this.page.getByRole("button", { name: "Previous", exact: true });
  readonly ok = () => this.page.getByRole("button", { name: "OK", exact: true });
  readonly formError = () => this.page.getByTestId("plan-wizard-error");

  // Step 1 — Backup Objects
  readonly search = () => this.page.getByRole("searchbox", { name: "Search instances" });
  readonly instanceTable = () => this.page.getByRole("table", { name: "ECS instances" });
  readonly instanceCheckbox = (name: string) => this.page.getByRole("checkbox", { name: `Select ${name}`, exact: true });
  readonly nextPage = () => this.page.getByRole("button", { name: "Next page" });
  readonly protectAllDisks = (name: string) => this.page.getByRole("switch", { name: `${labels.protectAllDisks} for ${name}` });
  readonly diskCheckbox = (diskId: string) => this.page.getByRole("checkbox", { name: new RegExp(`^${diskId} \\(`) });
  readonly dataDisks = () => this.page.getByRole("checkbox", { name: /\(data, / });
  readonly selectionLimit = () => this.page.getByTestId("selection-limit");
  readonly selectedHeading = () => this.page.getByRole("heading", { name: /^Selected instances/ });
  readonly filter = (label: "OS" | "Status" | "Zone" | "Tag") => this.page.getByRole("group", { name: "Filter instances" }).getByLabel(label, { exact: true });
  readonly selectAllMatching = () => this.page.getByRole("button", { name: /^Select all \d+ matching$/ });
  readonly selectAllResult = () => this.page.getByTestId("select-all-result");
  readonly selectAllCap = () => this.page.getByTestId("select-all-cap");
  readonly selectionCollapsed = () => this.page.getByTestId("selection-collapsed");
  readonly toggleSelection = () => this.page.getByRole("button", { name: /^(Show|Hide) selected instances$/ });

  // Step 2 — Backup Mode
  readonly manual = () => this.page.getByRole("radio", { name: labels.manualBackup });
  readonly auto = () => this.page.getByRole("radio", { name: labels.autoBackup });
  readonly newPolicy = () => this.page.getByRole("radio", { name: "Create a new backup policy" });
  readonly existingPolicy = () => this.page.getByRole("radio", { name: "Use an existing backup policy" });
  readonly policySelect = () => this.page.getByRole("combobox", { name: "Backup policy" });
  readonly policyName = () => this.page.getByRole("textbox", { name: "Policy name" });
  readonly startTime = () => this.page.getByLabel(labels.startTime, { exact: true });
  readonly nextRuns = () => this.page.getByTestId("next-runs").getByRole("listitem");
  readonly policyCenterLink = () => this.page.getByRole("link", { name: labels.policyCenter, exact: true }).last();

  // Step 3 — Application Consistency
  readonly appConsistent = () => this.page.getByRole("switch", { name: labels.appConsistentBackup });
  readonly appConsistencyReason = () => this.page.getByTestId("app-consistency-reason");
  readonly requirements = () => this.page.getByTestId("app-consistency-requirements");
  readonly predicted = () => this.page.getByTestId("predicted-consistency");
  readonly recheck = () => this.page.getByRole("button", { name: "Re-check" });
  readonly checks = () => this.page.getByRole("list", { name: "Prerequisite checks" }).getByRole("listitem");

  // Step 4 — Replication
  readonly replication = () => this.page.getByRole("switch", { name: labels.replication });
  readonly destination = () => this.page.getByRole("combobox", { name: labels.destinationRegion });

  // Step 5 — Review
  readonly planName = () => this.page.getByRole("textbox", { name: "Plan name" });
  readonly review = (step: string) => this.page.getByRole("region", { name: step });
  readonly edit = (stepLabel: string) => this.page.getByRole("button", { name: `Edit ${stepLabel}` });

  async open(regionId: string): Promise<void> {
    await this.page.goto(`/plans/new?region=${regionId}`);
    await expect(this.heading()).toBeVisible();
    await expect(this.instanceTable()).toBeVisible();
  }

  async expectStep(label: string): Promise<void> {
    await expect(this.currentStep()).toContainText(label);
  }

  /** Searches for the instance by name, so it is on the table's first page, and ticks it. */
  async selectInstance(name: string): Promise<void> {
    await this.search().fill(name);
    await this.instanceCheckbox(name).check();
    await expect(this.instanceCheckbox(name)).toBeChecked();
  }

  /** A number + unit field: "Retention Period" and "Retention Period unit". */
  async setAmount(label: string, value: number, unit: string): Promise<void> {
    await this.page.getByRole("spinbutton", { name: label, exact: true }).fill(String(value));
    await this.page.getByRole("combobox", { name: `${label} unit` }).selectOption(unit);
  }

  /** datetime-local in the browser's zone, to the second: "2030-01-02T03:04:05". */
  async setStartTime(local: string): Promise<void> {
    await this.startTime().fill(local);
  }

  /** Next until Review, waiting for each step to open before the next click. */
  async goToReview(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      const current = (await this.currentStep().textContent()) ?? "";
      if (current.includes(labels.review)) return;
      await this.next().click();
      await expect(this.currentStep()).not.toHaveText(current);
    }
  }

  /** Names the plan, presses OK and waits for the plan page; returns the plan id. */
  async submit(name: string): Promise<string> {
    await this.planName().fill(name);
    await this.ok().click();
    await this.page.waitForURL(/\/plans\/plan_[A-Za-z0-9]+/);
    return new URL(this.page.url()).pathname.split("/").pop()!;
  }
}
