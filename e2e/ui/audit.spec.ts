import type { Page } from "@playwright/test";
import { admin } from "../fixtures/config";
import { expect, expectAccessible, signInPage, test } from "../fixtures";

const auditPage = (page: Page) => ({
  table: () => page.getByRole("table", { name: "Audit events" }),
  row: (text: string) => page.getByRole("table", { name: "Audit events" }).getByRole("row").filter({ hasText: text }),
  changes: (targetId: string) => page.getByRole("table", { name: `Changes of ${targetId}` }),
});

test.describe("Audit log page", () => {
  test("an admin's change shows who, what, before and after; filters stay in the URL; a viewer reads it too", async ({ page, adminApi, makeUser, visit }) => {
    test.setTimeout(60_000); // three sign-ins and two pages checked with axe
    const user = await makeUser("viewer");
    const patched = await adminApi.patch(`/api/users/${user.id}`, { data: { role: "admin" } });
    expect(patched.status()).toBe(200);
    const audit = auditPage(page);

    await signInPage(page, admin);
    await visit("/audit");
    await expect(page.getByRole("link", { name: "Audit log" })).toBeVisible();

    await page.getByLabel("Target id").fill(user.id);
    await expect(page).toHaveURL(new RegExp(`targetId=${user.id}`));
    await page.getByLabel("Action").selectOption("user.update");
    await expect(page).toHaveURL(/action=user\.update/);
    const today = await page.evaluate(() => new Date().toLocaleDateString("en-CA"));
    await page.getByLabel("From").fill(today);
    await expect(page).toHaveURL(new RegExp(`from=${today}`));

    const row = audit.row("User changed");
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(admin.email);
    await expect(row).toContainText(user.id);
    // The target reads by name, the id beneath it.
    await expect(row.getByRole("cell").nth(3)).toContainText(`User ${user.name}`);
    await expect(audit.row("User created")).toHaveCount(0);
    await row.getByRole("button", { name: /Show changes/ }).click();
    const changes = audit.changes(user.id);
    await expect(changes.getByRole("row", { name: /role/ })).toContainText("viewer");
    await expect(changes.getByRole("row", { name: /role/ })).toContainText("admin");
    await expectAccessible(page);

    // Reload: the filters come back from the URL, into the controls and the list.
    await page.reload();
    await expect(page.getByLabel("Target id")).toHaveValue(user.id);
    await expect(page.getByLabel("Action")).toHaveValue("user.update");
    await expect(page.getByLabel("From")).toHaveValue(today);
    await expect(audit.row("User changed")).toHaveCount(1);

    // Clearing the action shows the creation too, with what was created.
    await page.getByLabel("Action").selectOption("");
    const created = audit.row("User created");
    await expect(created).toContainText(admin.email);
    await created.getByRole("button", { name: /Show changes/ }).click();
    await expect(audit.changes(user.id).getByRole("row", { name: /email/ })).toContainText(user.email);

    // A viewer reads the same log, through a shared link.
    const viewer = await makeUser("viewer");
    await page.context().clearCookies();
    await signInPage(page, viewer);
    await visit(`/audit?targetId=${encodeURIComponent(user.id)}&action=user.create`);
    await expect(audit.row("User created")).toContainText(admin.email);
    await expect(page.getByLabel("Target id")).toHaveValue(user.id);
  });

  test("filters that match nothing offer to clear them", async ({ page, visit }) => {
    await signInPage(page, admin);
    await visit("/audit?targetId=nothing-has-this-id");
    await expect(page.getByRole("heading", { name: "No audit events match these filters" })).toBeVisible();
    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await expect(page).not.toHaveURL(/targetId=/);
    await expect(page.getByRole("table", { name: "Audit events" })).toBeVisible();
  });
});
