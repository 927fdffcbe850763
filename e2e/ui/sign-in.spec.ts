import { admin } from "../fixtures/config";
import { expect, expectAccessible, test } from "../fixtures";
import { Shell } from "../pages/shell.page";
import { SignInPage } from "../pages/sign-in.page";

test.describe("sign-in", () => {
  test("an anonymous visitor is sent to sign-in and comes back to the page asked for", async ({ page }) => {
    await page.goto("/users?region=cn-hongkong");
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await expectAccessible(page);
    await new SignInPage(page).signIn(admin);
    await expect(page).toHaveURL(/\/users\?region=cn-hongkong$/);
    await expect(new Shell(page).heading()).toHaveText("Users");
    await expectAccessible(page);
  });

  test("a wrong password shows a clear message and keeps the email", async ({ page, visit }) => {
    await visit("/sign-in");
    const signIn = new SignInPage(page);
    await signIn.signIn({ email: admin.email, password: "not-the-password" });
    await expect(signIn.error()).toContainText(/invalid email or password/i);
    await expect(signIn.email()).toHaveValue(admin.email);
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("field errors sit on the field", async ({ page, visit }) => {
    await visit("/sign-in");
    const signIn = new SignInPage(page);
    await signIn.email().fill("not-an-email");
    await signIn.submit().click();
    await expect(signIn.email()).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Enter a valid email address")).toBeVisible();
    await expect(signIn.password()).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Enter your password")).toBeVisible();
    // The first field in error takes the focus; once submitted, each field is checked again as it changes.
    await expect(signIn.email()).toBeFocused();
    await expectAccessible(page);
    await signIn.email().fill(admin.email);
    await expect(signIn.email()).not.toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Enter a valid email address")).toHaveCount(0);
    await expect(page.getByText("Enter your password")).toBeVisible();
    await signIn.password().fill(admin.password);
    await signIn.submit().click();
    await expect(page).toHaveURL(/\/dashboard/);
  });

  test("signing out from the user menu ends the session", async ({ page, visit }) => {
    await visit("/sign-in");
    await new SignInPage(page).signIn(admin);
    await expect(page).toHaveURL(/\/dashboard/);
    const shell = new Shell(page);
    await shell.signOut();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/sign-in/);
  });
});
