import { describe, expect, it } from "vitest";
import { stepOutcomeText } from "@/lib/schemas/instances";

describe("stepOutcomeText", () => {
  it("says a dry run's exit code and duration once", () => {
    const text = stepOutcomeText({ detail: "exit code 0 after 1.2 s", exitCode: 0, durationMs: 1234 });
    expect(text).toBe("exit code 0 after 1.2 s");
    expect(text.match(/exit code/g)).toHaveLength(1);
  });

  it("adds the exit code and duration to a detail that does not say them", () => {
    expect(stepOutcomeText({ detail: "/tmp/prescript.sh 700 root", exitCode: 0, durationMs: 850 })).toBe("/tmp/prescript.sh 700 root · exit code 0 · 850 ms");
    expect(stepOutcomeText({ detail: "Created AppSnapshotRoleName", exitCode: null, durationMs: 2500 })).toBe("Created AppSnapshotRoleName · 2.5 s");
    expect(stepOutcomeText({ detail: "Will run", exitCode: null, durationMs: null })).toBe("Will run");
  });

  it("does not add a duration to a detail that gives one", () => {
    expect(stepOutcomeText({ detail: "stopped after 10 s: timeout", exitCode: null, durationMs: 10_020 })).toBe("stopped after 10 s: timeout");
  });
});
