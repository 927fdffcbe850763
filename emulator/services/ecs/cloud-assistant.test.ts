import { describe, expect, it } from "vitest";
import type { Instance } from "../../state/models.ts";
import { runScript } from "./cloud-assistant.ts";

const linux = (): Instance =>
  ({
    osType: "linux",
    disks: [
      { diskId: "d-s", type: "system", category: "cloud_essd", sizeGiB: 40, fileSystem: "ext4", device: "/dev/xvda" },
      { diskId: "d-d", type: "data", category: "cloud_essd", sizeGiB: 200, fileSystem: "xfs", device: "/dev/xvdb" },
    ],
    files: [{ path: "/etc/owned", mode: "0600", owner: "app", group: "app", content: "old\n" }],
  }) as unknown as Instance;

describe("Cloud Assistant shell: files written, read and probed", () => {
  it("`>` creates (0644 root:root) or truncates, `>>` appends, and the output does not reach the invocation", () => {
    const i = linux();
    expect(runScript(i, "mkdir -p /data && echo hello > /data/marker")).toMatchObject({ output: "", exitCode: 0 });
    expect(i.files.find((f) => f.path === "/data/marker")).toEqual({ path: "/data/marker", mode: "0644", owner: "root", group: "root", content: "hello\n" });
    runScript(i, "echo more >> /data/marker; printf '%s-%s\\n' a b >>/data/marker");
    expect(runScript(i, "cat /data/marker").output).toBe("hello\nmore\na-b\n");
    runScript(i, "echo new > /etc/owned");
    expect(i.files.find((f) => f.path === "/etc/owned")).toMatchObject({ mode: "0600", owner: "app", content: "new\n" });
    expect(runScript(i, "echo gone > /dev/null").output).toBe("");
    expect(i.files.some((f) => f.path === "/dev/null")).toBe(false);
  });

  it("test -f / [ -s ] / rm -f", () => {
    const i = linux();
    runScript(i, "printf '' > /tmp/empty; echo x > /tmp/full");
    expect(runScript(i, "test -f /tmp/empty").exitCode).toBe(0);
    expect(runScript(i, "[ -s /tmp/empty ]").exitCode).toBe(1);
    expect(runScript(i, "[ -s /tmp/full ]").exitCode).toBe(0);
    expect(runScript(i, "rm -f /tmp/full /tmp/nothing").exitCode).toBe(0);
    expect(runScript(i, "test -f /tmp/full").exitCode).toBe(1);
    expect(runScript(i, "rm /tmp/nothing")).toMatchObject({ exitCode: 1, output: expect.stringContaining("cannot remove") });
  });

  it("grep -q / -qx / -qF: 0 on a match, 1 without, 2 for a missing file; without -q the lines are printed", () => {
    const i = linux();
    runScript(i, "echo 'marker v1.2' > /data/marker; echo second >> /data/marker");
    expect(runScript(i, "grep -q 'v1' /data/marker").exitCode).toBe(0);
    expect(runScript(i, "grep -qx 'marker v1.2' /data/marker").exitCode).toBe(0);
    expect(runScript(i, "grep -qx 'marker' /data/marker").exitCode).toBe(1);
    expect(runScript(i, "grep -qF 'v1.2' /data/marker").exitCode).toBe(0);
    expect(runScript(i, "grep -qF 'v1x2' /data/marker").exitCode).toBe(1);
    expect(runScript(i, "grep -q 'v1.2' /data/marker").exitCode).toBe(0); // a regex without -F: . matches any
    expect(runScript(i, "grep -q x /nothing").exitCode).toBe(2);
    expect(runScript(i, "grep sec /data/marker").output).toBe("second\n");
    expect(runScript(i, "grep -qx second /data/marker && echo ok || echo no").output).toBe("ok\n");
    // `--` ends the options, so a pattern may start with a dash; a form the emulator does not know fails (2), never passes.
    expect(runScript(i, "grep -qxF -- 'second' /data/marker").exitCode).toBe(0);
    expect(runScript(i, "grep -qxF -- '-second' /data/marker").exitCode).toBe(1);
    expect(runScript(i, "grep -c second /data/marker").exitCode).toBe(2);
  });

  it("df shows the data disk at /data, the mount point restores use", () => {
    expect(runScript(linux(), "df -T").output).toMatch(/\/dev\/xvdb\s+xfs .* \/data\n/);
  });

  it("Windows Get-Volume letters are the drives guest files live on: C for the system disk, then D, E for data disks", () => {
    const disk = (diskId: string, type: "system" | "data") => ({ diskId, type, category: "cloud_essd", sizeGiB: 40, fileSystem: "NTFS", device: "" });
    // a data disk listed before the system disk still gets D (the letter follows the disk's role, not the list order)
    const i = { osType: "windows", disks: [disk("d-1", "data"), disk("d-s", "system"), disk("d-2", "data")], files: [] } as unknown as Instance;
    const letters = runScript(i, "Get-Volume").output.split("\r\n").slice(1, 4).map((row) => `${row.slice(0, 1)} ${row.includes("System") ? "system" : "data"}`);
    expect(letters).toEqual(["D data", "C system", "E data"]);
  });
});
