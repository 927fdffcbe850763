import { expect, type Locator, type Page } from "@playwright/test";
import { alertKindLabels, type AlertKind } from "@/lib/schemas/alerts";

/** /alerts: the Alerts, Rules and Channels sections. */
export class AlertsPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1 });
  readonly tab = (name: "Alerts" | "Rules" | "Channels") => this.page.getByRole("tab", { name: new RegExp(`^${name}`) });

  // Alerts
  readonly statusButton = (name: "Open" | "Resolved") => this.page.getByRole("group", { name: "Alert status" }).getByRole("button", { name, exact: true });
  readonly kindFilter = () => this.page.getByRole("combobox", { name: "Kind" });
  readonly alertsTable = (status: "Open" | "Resolved") => this.page.getByRole("table", { name: `${status} alerts` });
  readonly alertRow = (status: "Open" | "Resolved", text: string) => this.alertsTable(status).getByRole("row").filter({ hasText: text });

  // Rules
  readonly ruleSwitch = (kind: AlertKind) => this.page.getByRole("switch", { name: alertKindLabels[kind] });
  readonly threshold = () => this.page.getByRole("spinbutton", { name: "Threshold (hours)" });
  readonly saveRules = () => this.page.getByRole("button", { name: "Save rules" });

  // Channels
  readonly addChannel = () => this.page.getByRole("button", { name: "Add channel" });
  readonly channelsTable = () => this.page.getByRole("table", { name: "Channels" });
  readonly channelRow = (name: string) => this.channelsTable().getByRole("row").filter({ hasText: name });
  readonly sendTest = (name: string) => this.page.getByRole("button", { name: `Send test to ${name}` });
  readonly deleteChannel = (name: string) => this.page.getByRole("button", { name: `Delete ${name}` });
  readonly channelSwitch = (name: string) => this.page.getByRole("switch", { name: `${name} enabled` });
  readonly deliveries = () => this.page.getByRole("table", { name: "Deliveries" });

  async openSection(name: "Alerts" | "Rules" | "Channels"): Promise<void> {
    await this.tab(name).click();
    await expect(this.tab(name)).toHaveAttribute("aria-selected", "true");
  }

  /** Adds a webhook channel through the dialog and returns the signing secret shown once. */
  async addWebhook(name: string, url: string): Promise<string> {
    const dialog = await this.openAddDialog();
    await dialog.getByRole("textbox", { name: "Name" }).fill(name);
    await dialog.getByRole("combobox", { name: "Format" }).selectOption("generic");
    await dialog.getByRole("textbox", { name: "URL" }).fill(url);
    await dialog.getByRole("button", { name: "Add channel" }).click();
    await expect(dialog).toContainText("You will not see this secret again");
    await expect(dialog).toContainText("X-Signature: sha256=");
    const secret = (await dialog.getByTestId("channel-secret").textContent())?.trim() ?? "";
    await dialog.getByRole("button", { name: "Copy" }).click();
    await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();
    return secret;
  }

  async addEmail(name: string, recipients: string): Promise<void> {
    const dialog = await this.openAddDialog();
    await dialog.getByRole("combobox", { name: "Type" }).selectOption("email");
    await dialog.getByRole("textbox", { name: "Name" }).fill(name);
    await dialog.getByRole("textbox", { name: "Recipients" }).fill(recipients);
    await dialog.getByRole("button", { name: "Add channel" }).click();
    await expect(dialog).toBeHidden();
  }

  private async openAddDialog(): Promise<Locator> {
    await this.addChannel().click();
    const dialog = this.page.getByRole("dialog");
    await expect(dialog.getByRole("heading", { name: "Add channel" })).toBeVisible();
    return dialog;
  }
}
