import type { Page } from "@playwright/test";

/** The Coverage page, by role and label. */
export class CoveragePage {
  constructor(private readonly page: Page) {}

  readonly heading = () => this.page.getByRole("heading", { level: 1, name: "Coverage" });
  readonly table = () => this.page.getByRole("table", { name: "Coverage" });
  readonly row = (instanceId: string) => this.page.getByTestId(`coverage-row-${instanceId}`);
  readonly stateBadge = (instanceId: string) => this.row(instanceId).getByTestId("coverage-state");
  readonly stateChip = (label: string) => this.page.getByRole("group", { name: "Coverage state" }).getByRole("button", { name: new RegExp(`^${label} `) });
  readonly filters = () => this.page.getByRole("search", { name: "Filter coverage" });
  readonly search = () => this.filters().getByRole("searchbox", { name: "Search", exact: true });
  readonly regionFilter = () => this.filters().getByRole("combobox", { name: "Region", exact: true });
  readonly stateFilter = () => this.filters().getByRole("combobox", { name: "State", exact: true });
  readonly osFilter = () => this.filters().getByRole("combobox", { name: "OS", exact: true });
  readonly columnHeader = (label: string) => this.table().getByRole("columnheader", { name: new RegExp(`^${label}`) });
  readonly sortButton = (label: string) => this.table().getByRole("button", { name: new RegExp(`^${label}`) });
  readonly checkbox = (name: string) => this.page.getByRole("checkbox", { name: `Select ${name}`, exact: true });
  readonly protect = () => this.page.getByTestId("protect");
  readonly selectAllMatching = () => this.page.getByRole("button", { name: /^Select (all|the first) .* matching$/ });
  readonly selectAllResult = () => this.page.getByTestId("select-all-result");
  readonly freshness = () => this.page.getByTestId("coverage-freshness");
}
