import type { Instance, InstanceFile } from "../../state/models.ts";

/**
 * What a command "prints" on a simulated instance. Only the commands the console sends are recognised
 * (see COVERAGE.md); anything else succeeds with empty output, like a script with no output would.
 */
export interface CommandResult {
  output: string;
  exitCode: number;
}

const findFile = (instance: Instance, path: string): InstanceFile | undefined => instance.files.find((f) => f.path === path);
const unquote = (s: string) => s.replace(/^['"]|['"]$/g, "");
/** `0700` → `700`, as `stat -c %a` prints it */
const statMode = (mode: string) => String(parseInt(mode, 8).toString(8));

function runLinuxCommand(instance: Instance, command: string): CommandResult {
  const line = command.trim();
  if (line === "" || line.startsWith("#") || line.startsWith("#!")) return { output: "", exitCode: 0 };

  // Cloud Assistant process check: `ps aux | grep aliyun.service`, `systemctl is-active aliyun.service`, `pgrep -f aliyun.service`
  if (/aliyun\.service/.test(line)) {
    if (/systemctl\s+is-active/.test(line)) return { output: "active\n", exitCode: 0 };
    return { output: "root       812  0.1  0.3 723452 12840 ?        Ssl  09:12   0:42 /usr/local/share/aliyun-assist/2.2.3.398/aliyun-service\n", exitCode: 0 };
  }

  // `stat -c '%a %U %G' <file>` (any format made of %a %U %G %n)
  const stat = /^stat\s+(?:-c|--format(?:=|\s))\s*('[^']*'|"[^"]*"|\S+)\s+(\S+)$/.exec(line);
  if (stat) {
    const path = unquote(stat[2]!);
    const file = findFile(instance, path);
    if (!file) return { output: `stat: cannot stat '${path}': No such file or directory\n`, exitCode: 1 };
    const out = unquote(stat[1]!).replace(/%a/g, statMode(file.mode)).replace(/%U/g, file.owner).replace(/%G/g, file.group).replace(/%n/g, file.path);
    return { output: `${out}\n`, exitCode: 0 };
  }

  // `test -f <file>` / `[ -f <file> ]` / `test -e` / `test -x`
  const test = /^(?:test\s+-([fex])\s+(\S+)|\[\s+-([fex])\s+(\S+)\s+\])$/.exec(line);
  if (test) {
    const flag = test[1] ?? test[3];
    const file = findFile(instance, unquote((test[2] ?? test[4])!));
    const ok = !!file && (flag !== "x" || (parseInt(file.mode, 8) & 0o100) !== 0);
    return { output: "", exitCode: ok ? 0 : 1 };
  }

  // `cat <file>`
  const cat = /^cat\s+(\S+)$/.exec(line);
  if (cat) {
    const path = unquote(cat[1]!);
    const file = findFile(instance, path);
    return file ? { output: file.content, exitCode: 0 } : { output: `cat: ${path}: No such file or directory\n`, exitCode: 1 };
  }

  // file systems: `df -T` / `df -Th` / `lsblk -f` / `findmnt -n -o FSTYPE …`
  if (/^df\s+(-[a-zA-Z]*T[a-zA-Z]*)/.test(line) || /^lsblk\b.*(-f|FSTYPE)/.test(line) || /^findmnt\b/.test(line)) {
    if (line.startsWith("lsblk")) {
      const rows = instance.disks.map((d) => `${d.device.replace("/dev/", "")} ${d.fileSystem} ${d.type === "system" ? "/" : `/data${instance.disks.indexOf(d)}`}`);
      return { output: `NAME FSTYPE MOUNTPOINT\n${rows.join("\n")}\n`, exitCode: 0 };
    }
    if (line.startsWith("findmnt")) {
      const rows = instance.disks.map((d) => `${d.type === "system" ? "/" : `/data${instance.disks.indexOf(d)}`} ${d.device} ${d.fileSystem}`);
      return { output: `${rows.join("\n")}\n`, exitCode: 0 };
    }
    const rows = instance.disks.map((d) => `${d.device.padEnd(12)} ${d.fileSystem.padEnd(8)} ${d.sizeGiB}G  3.1G  ${d.sizeGiB - 3}G   8% ${d.type === "system" ? "/" : `/data${instance.disks.indexOf(d)}`}`);
    return { output: `Filesystem   Type     Size  Used Avail Use% Mounted on\n${rows.join("\n")}\n`, exitCode: 0 };
  }

  // running the pre/post scripts: `/tmp/prescript.sh`, `bash /tmp/prescript.sh`, `sh -c /tmp/postscript.sh`
  const script = /^(?:(bash|sh)\s+(?:-c\s+)?)?(\/\S+\.sh)$/.exec(line);
  if (script) {
    const path = unquote(script[2]!);
    const file = findFile(instance, path);
    if (!file) return { output: `bash: ${path}: No such file or directory\n`, exitCode: 127 };
    if (!script[1] && (parseInt(file.mode, 8) & 0o100) === 0) return { output: `bash: ${path}: Permission denied\n`, exitCode: 126 };
    const explicitExit = /^\s*exit\s+(\d+)\s*$/m.exec(file.content);
    return { output: "", exitCode: explicitExit ? Number(explicitExit[1]) : 0 };
  }

  const echo = /^echo\s+(.*)$/.exec(line);
  if (echo) return { output: `${unquote(echo[1]!)}\n`, exitCode: 0 };
  return { output: "", exitCode: 0 };
}

function runWindowsCommand(instance: Instance, command: string): CommandResult {
  const line = command.trim();
  if (/AliyunService/i.test(line)) {
    return { output: "\r\nStatus   Name               DisplayName\r\n------   ----               -----------\r\nRunning  AliyunService      AliyunService\r\n", exitCode: 0 };
  }
  if (/Get-Volume|Win32_LogicalDisk|Get-PSDrive/i.test(line)) {
    const rows = instance.disks.map((d, i) => `${String.fromCharCode(67 + i)}           ${d.fileSystem.padEnd(10)} ${d.type === "system" ? "System" : "Data"}   ${d.sizeGiB} GB`);
    return { output: `DriveLetter FileSystem Label    Size\r\n${rows.join("\r\n")}\r\n`, exitCode: 0 };
  }
  return { output: "", exitCode: 0 };
}

/** Runs a script line by line; `a && b` stops at the first failure; the exit code is the last command's. */
export function runScript(instance: Instance, script: string): CommandResult {
  const run = instance.osType === "windows" ? runWindowsCommand : runLinuxCommand;
  let output = "";
  let exitCode = 0;
  for (const rawLine of script.split(/\r?\n/)) {
    for (const part of rawLine.split(/\s*;\s*/)) {
      const chain = part.split(/\s*&&\s*/);
      for (const cmd of chain) {
        const result = run(instance, cmd);
        output += result.output;
        exitCode = result.exitCode;
        if (exitCode !== 0) break;
      }
    }
  }
  return { output, exitCode };
}
