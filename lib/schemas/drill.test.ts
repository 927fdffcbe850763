import { describe, expect, it } from "vitest";
import { drillSettingsSchema, formatRto, nextDrillDue, probeScript } from "@/lib/schemas/drill";

describe("nextDrillDue: the weekly drill's next due time, UTC", () => {
  const weekly = (day: "mon" | "sun", time: string) => drillSettingsSchema.shape.schedule.parse({ kind: "weekly", day, time });

  it("is the coming weekday at the time, strictly after now, and a week on when it is that moment", () => {
    // 2026-12-07 is a Monday.
    expect(nextDrillDue(weekly("mon", "03:00"), new Date("2026-12-07T02:59:00Z"))?.toISOString()).toBe("2026-12-07T03:00:00.000Z");
    expect(nextDrillDue(weekly("mon", "03:00"), new Date("2026-12-07T03:00:00Z"))?.toISOString()).toBe("2026-12-14T03:00:00.000Z");
    expect(nextDrillDue(weekly("sun", "23:30"), new Date("2026-12-07T12:00:00Z"))?.toISOString()).toBe("2026-12-13T23:30:00.000Z");
    expect(nextDrillDue({ kind: "off" }, new Date())).toBeNull();
  });

  it("refuses a time that is not HH:MM", () => {
    expect(drillSettingsSchema.safeParse({ schedule: { kind: "weekly", day: "mon", time: "24:00" }, probe: { kind: "agent" } }).success).toBe(false);
  });
});

describe("probe scripts", () => {
  it("file probe: a whole-line literal match, the text passed with -e", () => {
    expect(probeScript({ kind: "file", path: "/data/marker", text: "-v1" }, "linux")).toBe("grep -qxFe '-v1' '/data/marker'");
  });
  it("the default probe prints agent-ok first, on Linux and Windows", () => {
    expect(probeScript({ kind: "agent" }, "linux").split("\n")[0]).toBe("echo agent-ok");
    expect(probeScript({ kind: "agent" }, "windows").split("\n")[0]).toBe("Write-Output agent-ok");
  });
  it("formats an RTO", () => {
    expect([formatRto(45), formatRto(200), formatRto(7500)]).toEqual(["45 s", "3 min 20 s", "2 h 5 min"]);
  });
});
