import type { Page } from "@playwright/test";

export class Shell {
  constructor(private readonly page: Page) {}

  readonly nav = () => this.page.getByRole("navigation", { name: "Main" });
  readonly navLink = (label: string) => this.nav().getByRole("link", { name: label });
  readonly breadcrumbs = () => this.page.getByRole("navigation", { name: "Breadcrumb" });
  readonly region = () => this.page.getByRole("combobox", { name: "Region", exact: true });
  readonly heading = () => this.page.getByRole("heading", { level: 1 });
  readonly userMenu = () => this.page.getByRole("button", { name: "User menu" });

  async signOut(): Promise<void> {
    await this.userMenu().click();
    await this.page.getByRole("menuitem", { name: "Sign out" }).click();
  }
}
