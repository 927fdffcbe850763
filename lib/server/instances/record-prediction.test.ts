import { describe, expect, it } from "vitest";
import type { Prerequisites } from "@/lib/schemas/instances";
import { getDb } from "@/lib/server/db/client";
import { readRecordedCheck, recordCheck } from "@/lib/server/instances/record-prediction";

const check = (level: Prerequisites["predicted"]["level"], checkedAt: string): Prerequisites => ({
  instanceId: "i-t4nrecorded0001",
  osType: "linux",
  items: [{ id: "os", label: "Operating system", status: "pass", evidence: "CentOS 7.9 64 bit" }],
  predicted: { level, reason: "because" },
  checkedAt,
});

describe("recorded prerequisite checks", () => {
  it("keeps the last live check per instance, for the region it was read in; nothing before the first", async () => {
    expect(await readRecordedCheck(getDb(), "ap-southeast-1", "i-t4nrecorded0001")).toBeNull();
    const first = check("FILE_SYSTEM", "2026-12-07T04:00:00.000Z");
    await recordCheck(getDb(), "ap-southeast-1", first);
    expect(await readRecordedCheck(getDb(), "ap-southeast-1", "i-t4nrecorded0001")).toEqual(first);
    expect(await readRecordedCheck(getDb(), "cn-hongkong", "i-t4nrecorded0001")).toBeNull();

    const second = check("APPLICATION", "2026-12-07T04:05:00.000Z");
    await recordCheck(getDb(), "ap-southeast-1", second);
    expect(await readRecordedCheck(getDb(), "ap-southeast-1", "i-t4nrecorded0001")).toEqual(second);
    expect(await getDb().prerequisiteCheck.count()).toBe(1);
  });
});
