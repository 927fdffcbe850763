import { describe, expect, it } from "vitest";
import { baseSearch } from "@/lib/client/hooks/use-url-params";

describe("the search params a URL change builds on", () => {
  const cleared = { pathname: "/plans", from: "region=cn-hongkong&q=ui-bulk&rpo=breached", to: "region=cn-hongkong" };

  it("builds on a replace not yet committed to the address bar, so a search box settling right after Clear filters cannot bring the old filters back", () => {
    expect(baseSearch("/plans", "region=cn-hongkong&q=ui-bulk&rpo=breached", cleared)).toBe("region=cn-hongkong");
  });

  it("builds on the address bar once the replace landed, after a navigation elsewhere, or on another page", () => {
    expect(baseSearch("/plans", "region=cn-hongkong", cleared)).toBe("region=cn-hongkong");
    expect(baseSearch("/plans", "region=ap-southeast-1&status=failed", cleared)).toBe("region=ap-southeast-1&status=failed");
    expect(baseSearch("/audit", "region=cn-hongkong&q=ui-bulk&rpo=breached", cleared)).toBe("region=cn-hongkong&q=ui-bulk&rpo=breached");
    expect(baseSearch("/plans", "a=1", null)).toBe("a=1");
  });
});
