import { describe, expect, it } from "vitest";
import { searchParamsOf } from "@/lib/client/api-fetch";

describe("a list's filters as query parameters", () => {
  it("leave out absent and empty filters, so the server's defaults apply, and keep 0 and false", () => {
    const params = searchParamsOf({ q: "", status: undefined, page: 2, pageSize: 0, mine: false, region: "cn-hongkong" });
    expect(params.toString()).toBe("page=2&pageSize=0&mine=false&region=cn-hongkong");
  });
});
