import { expect, type Page } from "@playwright/test";

/** The instance page (/instances/:id): checklist, one-click fixes, scripts, tasks. */
export class InstancePage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1 });
  readonly check = (id: string) => this.page.getByTestId(`check-${id}`);
  readonly predicted = () => this.page.getByTestId("predicted-consistency");
  readonly recheck = () => this.page.getByRole("button", { name: "Re-check" });
  readonly fix = (kind: "ramRole" | "cloudAssistant") => this.page.getByTestId(`fix-${kind}`);
  readonly dialog = () => this.page.getByRole("dialog");
  readonly previewStep = (id: string) => this.dialog().getByTestId(`preview-step-${id}`);
  readonly previewSummary = () => this.dialog().getByTestId("preview-summary");
  readonly blocker = () => this.dialog().getByTestId("task-blocker");
  readonly runFix = () => this.dialog().getByRole("button", { name: "Run fix" });
  readonly startDryRun = () => this.dialog().getByRole("button", { name: "Start dry run" });
  readonly galleryScript = (id: string) => this.page.getByTestId(`gallery-${id}`);
  readonly editor = (field: "preScript" | "postScript") => this.page.getByTestId(`editor-${field}`);
  readonly timeout = () => this.page.getByLabel("Timeout (seconds)");
  readonly dryRun = () => this.page.getByRole("button", { name: "Dry run", exact: true });
  readonly upload = () => this.page.getByRole("button", { name: "Upload to instance" });
  readonly tasks = () => this.page.getByTestId("instance-task");
  readonly latestTask = () => this.tasks().first();
  readonly taskStep = (id: string) => this.latestTask().getByTestId(`task-step-${id}`);

  /** The instance's id, under the title (which is its name). */
  readonly instanceId = () => this.page.getByTestId("instance-id");

  async open(regionId: string, instanceId: string): Promise<void> {
    await this.page.goto(`/instances/${instanceId}?region=${regionId}`);
    await expect(this.instanceId()).toContainText(instanceId);
    await expect(this.heading()).toBeVisible();
  }

  /** Confirms the open preview and waits until the task it starts has finished with `status`. */
  async confirmAndWait(button: "Run fix" | "Start dry run", status: "done" | "failed" = "done", count?: number): Promise<void> {
    const before = count ?? (await this.tasks().count());
    await this.dialog().getByRole("button", { name: button }).click();
    await expect(this.dialog()).toBeHidden();
    await expect(this.tasks()).toHaveCount(before + 1);
    await expect(this.latestTask()).toHaveAttribute("data-status", status, { timeout: 30_000 });
  }
}
