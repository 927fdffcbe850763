import { describe, expect, it } from "vitest";
import type { Disk, Instance } from "../../state/models.ts";
import { captureDiskFiles, diskOfPath, mountPoints, replaceDiskFiles } from "./guest-files.ts";

const disk = (diskId: string, type: Disk["type"]): Disk => ({ diskId, type, category: "cloud_essd", sizeGiB: 40, fileSystem: "ext4", device: "" });
const file = (path: string, content = "x") => ({ path, mode: "0644", owner: "root", group: "root", content });
const vm = (osType: Instance["osType"], disks: Disk[], paths: string[]) => ({ osType, disks, files: paths.map((p) => file(p, p)) }) as unknown as Instance;

describe("guest files: which disk a file lives on", () => {
  it("Linux: /data, /data2, … by data-disk order; the longest mount point wins; else the system disk", () => {
    const i = vm("linux", [disk("sys", "system"), disk("d1", "data"), disk("d2", "data")], []);
    expect([...mountPoints(i).values()]).toEqual(["/", "/data", "/data2"]);
    expect(diskOfPath(i, "/data/marker")?.diskId).toBe("d1");
    expect(diskOfPath(i, "/data2/x/y")?.diskId).toBe("d2");
    expect(diskOfPath(i, "/data20/x")?.diskId).toBe("sys"); // a path-segment boundary, not a string prefix
    expect(diskOfPath(i, "/etc/app.conf")?.diskId).toBe("sys");
  });

  it("with no data disk, /data/marker is on the system disk and captured with it, path unchanged", () => {
    const i = vm("linux", [disk("sys", "system")], ["/data/marker"]);
    expect(diskOfPath(i, "/data/marker")?.diskId).toBe("sys");
    expect(captureDiskFiles(i, "sys").map((f) => f.path)).toEqual(["/data/marker"]);
  });

  it("a data disk's files are stored relative to its mount point and come back at the mount point it gets", () => {
    const src = vm("linux", [disk("sys", "system"), disk("d1", "data")], ["/data/marker", "/etc/hosts"]);
    const captured = captureDiskFiles(src, "d1");
    expect(captured.map((f) => f.path)).toEqual(["/marker"]);
    const target = vm("linux", [disk("t-sys", "system"), disk("t1", "data"), disk("t2", "data")], ["/data2/old", "/data/keep"]);
    replaceDiskFiles(target, "t2", captured);
    expect(target.files.map((f) => f.path).sort()).toEqual(["/data/keep", "/data2/marker"]);
  });

  it("Windows: C:\\ system, D:\\, E:\\ data, case-insensitive", () => {
    const i = vm("windows", [disk("c", "system"), disk("d", "data"), disk("e", "data")], ["d:\\backup\\db.bak", "C:\\Windows\\x", "E:\\y"]);
    expect([...mountPoints(i).values()]).toEqual(["C:\\", "D:\\", "E:\\"]);
    expect(captureDiskFiles(i, "d").map((f) => f.path)).toEqual(["\\backup\\db.bak"]);
    expect(diskOfPath(i, "E:\\y")?.diskId).toBe("e");
    expect(diskOfPath(i, "C:\\Windows\\x")?.diskId).toBe("c");
  });
});
