import { describe, expect, it } from "vitest";
import { formatBytes } from "@/lib/utils";

describe("formatBytes", () => {
  it("uses binary units with one decimal below ten", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(40 * 1024 ** 3 * 0.3)).toBe("12 GiB");
  });
});
