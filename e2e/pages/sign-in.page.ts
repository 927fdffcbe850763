import type { Page } from "@playwright/test";
import type { Credentials } from "../fixtures";

export class SignInPage {
  constructor(private readonly page: Page) {}

  readonly email = () => this.page.getByLabel("Email");
  readonly password = () => this.page.getByLabel("Password");
  readonly submit = () => this.page.getByRole("button", { name: "Sign in" });
  readonly error = () => this.page.getByTestId("sign-in-error");

  async signIn(creds: Credentials): Promise<void> {
    await this.email().fill(creds.email);
    await this.password().fill(creds.password);
    await this.submit().click();
  }
}
