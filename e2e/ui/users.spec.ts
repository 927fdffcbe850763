import { randomBytes } from "node:crypto";
import { admin } from "../fixtures/config";
import { expect, signInPage, test } from "../fixtures";
import { UsersPage } from "../pages/users.page";

test.describe("Users page", () => {
  test("an admin creates a viewer, sees field errors on the field, changes the role and disables them", async ({ page, visit }) => {
    await signInPage(page, admin);
    await visit("/users");
    const users = new UsersPage(page);
    const email = `ui-${randomBytes(4).toString("hex")}@e2e.test`;

    await users.createUser({ name: "UI Viewer", email, password: "password123", role: "viewer" });
    await expect(users.dialog()).toBeHidden();
    await expect(users.row(email)).toContainText("Viewer");

    // The same email again: the API's 409 lands on the Email field of the dialog.
    await users.createUser({ name: "Again", email, password: "password123", role: "viewer" });
    await expect(users.dialog().getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    await expect(users.dialog().getByText("A user with this email already exists")).toBeVisible();
    await users.dialog().getByRole("button", { name: "Cancel" }).click();

    await users.roleSelect(email).selectOption("admin");
    await expect(users.roleSelect(email)).toHaveValue("admin");

    await users.disableButton(email).click();
    const confirm = page.getByRole("alertdialog");
    await expect(confirm).toContainText("Disable UI Viewer?");
    await confirm.getByRole("button", { name: "Disable user" }).click();
    await expect(users.row(email)).toContainText("Disabled");
    await expect(users.enableButton(email)).toBeVisible();

    await page.reload();
    await expect(users.row(email)).toContainText("Disabled");
  });

  test("a viewer sees no users and no mutating control", async ({ page, makeUser, visit }) => {
    const viewer = await makeUser("viewer");
    await signInPage(page, viewer);
    await visit("/users");
    await expect(page.getByText("Only admins can see the console's users.")).toBeVisible();
    await expect(page.getByText(viewer.email)).toHaveCount(0);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Protection Plans" })).toBeVisible();
    await visit("/plans");
    await expect(page.getByRole("link", { name: "Add ECS Backup" })).toHaveCount(0);
    await visit("/dashboard");
    await expect(page.getByRole("link", { name: "Create ECS Protection Plan" })).toHaveCount(0);
  });
});
