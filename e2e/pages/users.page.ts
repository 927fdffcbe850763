import type { Page } from "@playwright/test";
import type { Role } from "@/lib/schemas/user";

export class UsersPage {
  constructor(private readonly page: Page) {}

  readonly createButton = () => this.page.getByRole("button", { name: "Create user" });
  readonly dialog = () => this.page.getByRole("dialog", { name: "Create user" });
  readonly row = (email: string) => this.page.getByRole("row").filter({ hasText: email });
  readonly roleSelect = (email: string) => this.page.getByRole("combobox", { name: `Role for ${email}` });
  readonly disableButton = (email: string) => this.page.getByRole("button", { name: `Disable ${email}` });
  readonly enableButton = (email: string) => this.page.getByRole("button", { name: `Enable ${email}` });

  async createUser(input: { name: string; email: string; password: string; role: Role }): Promise<void> {
    await this.createButton().click();
    const dialog = this.dialog();
    await dialog.getByLabel("Name").fill(input.name);
    await dialog.getByLabel("Email").fill(input.email);
    await dialog.getByLabel("Password").fill(input.password);
    await dialog.getByLabel("Role").selectOption(input.role);
    await dialog.getByRole("button", { name: "Create" }).click();
  }
}
