import type { Page } from "@playwright/test";

export class JobsPage {
  constructor(private readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1, name: "Jobs" });
  readonly table = () => this.page.getByRole("table", { name: "Jobs" });
  readonly row = (jobId: string) => this.table().getByRole("row").filter({ hasText: jobId });
  readonly typeFilter = () => this.page.getByRole("combobox", { name: "Type" });
  readonly statusFilter = () => this.page.getByRole("combobox", { name: "Status" });
  readonly consistencyFilter = () => this.page.getByRole("combobox", { name: "Consistency" });
  readonly planFilter = () => this.page.getByLabel("Plan id");
  readonly exportLink = () => this.page.getByRole("link", { name: "Export CSV" });
  readonly clearFilters = () => this.page.getByRole("button", { name: "Clear filters" }).first();
}
