import { admin } from "../fixtures/config";
import { expect, signInPage, test } from "../fixtures";
import { Shell } from "../pages/shell.page";

const pages = [
  { label: "Dashboard", path: "/dashboard", heading: "Dashboard" },
  { label: "Protection Plans", path: "/plans", heading: "Protection Plans" },
  { label: "ECS Instances", path: "/instances", heading: "ECS Instances" },
  { label: "Jobs", path: "/jobs", heading: "Jobs" },
  { label: "Restore Center", path: "/restores", heading: "Restore Center" },
  { label: "Policy Center", path: "/policies", heading: "Policy Center" },
  { label: "Users", path: "/users", heading: "Users" },
  { label: "Settings", path: "/settings", heading: "Settings" },
];

test.describe("app shell", () => {
  test("every sidebar page loads, is marked current and passes axe", async ({ page, visit }) => {
    test.setTimeout(80_000); // eight pages, each checked with axe
    await signInPage(page, admin);
    const shell = new Shell(page);
    for (const p of pages) {
      await visit(p.path);
      await expect(shell.heading()).toHaveText(p.heading);
      await expect(shell.navLink(p.label)).toHaveAttribute("aria-current", "page");
      await expect(shell.breadcrumbs()).toContainText(p.label);
    }
  });

  test("the region selector lives in the URL and follows the user across pages", async ({ page, visit }) => {
    await signInPage(page, admin);
    const shell = new Shell(page);
    await visit("/plans");
    await shell.region().selectOption("cn-hongkong");
    await expect(page).toHaveURL(/\/plans\?region=cn-hongkong/);
    await shell.navLink("Policy Center").click();
    await expect(page).toHaveURL(/\/policies\?region=cn-hongkong/);
    await expect(shell.region()).toHaveValue("cn-hongkong");
    await page.reload();
    await expect(shell.region()).toHaveValue("cn-hongkong");
  });

  test("the sidebar works from the keyboard", async ({ page, visit }) => {
    await signInPage(page, admin);
    await visit("/dashboard");
    const link = new Shell(page).navLink("Protection Plans");
    await link.focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/plans/);
    await expect(new Shell(page).heading()).toHaveText("Protection Plans");
  });

  test("admins see Add ECS Backup, which opens Create ECS Protection Plan for the selected region", async ({ page, visit }) => {
    await signInPage(page, admin);
    await visit("/plans?region=cn-hongkong");
    await page.getByRole("link", { name: "Add ECS Backup" }).first().click();
    await expect(page).toHaveURL(/\/plans\/new\?region=cn-hongkong/);
    await expect(new Shell(page).heading()).toHaveText("Create ECS Protection Plan");
  });

  test("Policy Center lists which regions support backup policies", async ({ page, visit }) => {
    await signInPage(page, admin);
    await visit("/policies");
    await expect(page.getByRole("row").filter({ hasText: "Singapore" })).toContainText(/yes|supported/i);
    await expect(page.getByRole("row").filter({ hasText: "Shanghai" })).toContainText(/no|not supported/i);
  });

  test("an unknown page answers 404 with a not-found page", async ({ page }) => {
    await signInPage(page, admin);
    const res = await page.goto("/no-such-page");
    expect(res?.status()).toBe(404);
    await expect(page.getByText(/not found/i).first()).toBeVisible();
  });
});
