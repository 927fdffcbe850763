import type { Disk, Instance, InstanceFile } from "../../state/models.ts";

/**
 * Which disk a guest file lives on, so a snapshot captures it and a restore puts it back (COVERAGE.md, "Guest files").
 *
 * Mount points follow the order of the instance's data disks:
 * - Linux: the system disk is `/`; the first data disk is mounted at `/data`, the second at `/data2`, the third at
 *   `/data3`, … A file belongs to the disk whose mount point is the longest prefix of its path (on a path-segment
 *   boundary), else to the system disk: with no data disk, `/data/marker` lives on the system disk.
 * - Windows: the system disk is `C:\`, data disks `D:\`, `E:\`, … (drive letters compared case-insensitively).
 *
 * A snapshot stores its files as the disk's own file system sees them: the path relative to the disk's mount point,
 * with a leading separator (`/data/marker` on the first data disk is stored as `/marker`; on the system disk the path
 * is unchanged). A restore mounts them at the mount point the disk gets on the instance it lands on.
 */
export function mountPoints(instance: Pick<Instance, "osType" | "disks">): Map<string, string> {
  const mounts = new Map<string, string>();
  let dataIndex = 0;
  for (const d of instance.disks) {
    if (d.type === "system") mounts.set(d.diskId, instance.osType === "windows" ? "C:\\" : "/");
    else {
      dataIndex++;
      mounts.set(d.diskId, instance.osType === "windows" ? `${String.fromCharCode(67 + dataIndex)}:\\` : dataIndex === 1 ? "/data" : `/data${dataIndex}`);
    }
  }
  return mounts;
}

const isUnder = (path: string, mount: string, windows: boolean): boolean => {
  const p = windows ? path.toLowerCase() : path;
  const m = windows ? mount.toLowerCase() : mount;
  if (m === "/" ) return p.startsWith("/");
  if (m.endsWith("\\")) return p.startsWith(m);
  return p === m || p.startsWith(`${m}/`);
};

/** The disk a file lives on (undefined only for an instance without disks). */
export function diskOfPath(instance: Pick<Instance, "osType" | "disks">, path: string): Disk | undefined {
  const windows = instance.osType === "windows";
  const mounts = mountPoints(instance);
  let best: { disk: Disk; length: number } | undefined;
  for (const d of instance.disks) {
    const mount = mounts.get(d.diskId)!;
    if (isUnder(path, mount, windows) && (!best || mount.length > best.length)) best = { disk: d, length: mount.length };
  }
  return best?.disk ?? instance.disks.find((d) => d.type === "system");
}

/** The path as the disk's file system sees it (`/data2/x/y` on the second data disk → `/x/y`; Windows `D:\x` → `\x`). */
function relativeTo(path: string, mount: string): string {
  if (mount === "/") return path;
  if (mount.endsWith("\\")) return `\\${path.slice(mount.length)}`;
  return path.slice(mount.length) || "/";
}

function underMount(relative: string, mount: string): string {
  if (mount === "/") return relative;
  if (mount.endsWith("\\")) return mount + relative.replace(/^\\+/, "");
  return relative === "/" ? mount : mount + relative;
}

/** The instance's files on `diskId`, as the disk's file system stores them (for EcsSnapshot.files). */
export function captureDiskFiles(instance: Instance, diskId: string): InstanceFile[] {
  const mount = mountPoints(instance).get(diskId);
  if (mount === undefined) return [];
  return instance.files.filter((f) => diskOfPath(instance, f.path)?.diskId === diskId).map((f) => ({ ...f, path: relativeTo(f.path, mount) }));
}

/** Replaces the files on `diskId` (which must be attached to `instance`) with a snapshot's files. */
export function replaceDiskFiles(instance: Instance, diskId: string, snapshotFiles: InstanceFile[]) {
  const mount = mountPoints(instance).get(diskId);
  if (mount === undefined) return;
  const kept = instance.files.filter((f) => diskOfPath(instance, f.path)?.diskId !== diskId);
  instance.files = [...kept, ...snapshotFiles.map((f) => ({ ...f, path: underMount(f.path, mount) }))];
}
