import { createHash } from "node:crypto";
import type { Instance, InstanceFile } from "../../state/models.ts";
import { mountPoints } from "../hbr/guest-files.ts";

/**
 * What a command "prints" on a simulated instance, and how long it takes. Only the commands the console sends
 * (and what the script gallery's scripts do at their top level) are recognised, see COVERAGE.md; anything else
 * succeeds with empty output, like a script with no output would. Time is simulated: `sleep N` adds N seconds
 * and nothing really waits; the caller turns the total into a finish time on the emulator clock.
 */
export interface CommandResult {
  output: string;
  exitCode: number;
  /** Simulated seconds the script ran (its `sleep`s), capped at the timeout. */
  durationSeconds: number;
  /** Cloud Assistant stopped the script at its Timeout. */
  isTimedOut: boolean;
}

export interface RunOptions {
  /** RunCommand's Timeout: the script is stopped after this many simulated seconds. */
  timeoutSeconds?: number;
}

/** The exit code the Cloud Assistant agent reports for a process it killed at the timeout (aliyun_assist_client process.go). */
export const TIMEOUT_EXIT_CODE = 1;
/** GNU `timeout` exits 124 when it had to stop the command. */
const TIMEOUT_COMMAND_EXIT_CODE = 124;
const MAX_SCRIPT_DEPTH = 4;

const findFile = (instance: Instance, path: string): InstanceFile | undefined => instance.files.find((f) => f.path === path);
/** `> path` / `>> path`: a new file is 0644 root:root; an existing one keeps its mode and owner. */
function writeFile(instance: Instance, path: string, text: string, append: boolean) {
  const file = findFile(instance, path);
  if (file) file.content = append ? file.content + text : text;
  else instance.files.push({ path, mode: "0644", owner: "root", group: "root", content: text });
}
/** `0700` → `700`, as `stat -c %a` prints it */
const statMode = (mode: string) => String(parseInt(mode, 8).toString(8));

/** Ends the script (`exit N`) or the innermost `timeout` / the RunCommand Timeout that ran out. */
class Halt {
  constructor(
    readonly kind: "exit" | "deadline",
    readonly exitCode: number,
    /** For a deadline: the limit that ran out. */
    readonly limit?: Deadline,
  ) {}
}
interface Deadline {
  at: number;
}

/** One script run: the simulated clock, what it printed, its shell variables. */
class Shell {
  output = "";
  elapsed = 0;
  status = 0;
  private readonly deadlines: Deadline[] = [];

  constructor(
    private readonly instance: Instance,
    private readonly vars = new Map<string, string>(),
    private readonly depth = 0,
  ) {}

  print(text: string) {
    this.output += text;
  }

  /** Advances the simulated clock; stops at the nearest deadline. */
  sleep(seconds: number) {
    const target = this.elapsed + seconds;
    const nearest = this.deadlines.reduce<Deadline | undefined>((a, d) => (!a || d.at < a.at ? d : a), undefined);
    if (nearest && target > nearest.at) {
      this.elapsed = nearest.at;
      throw new Halt("deadline", 0, nearest);
    }
    this.elapsed = target;
  }

  /** Runs `body` with a deadline `seconds` from now; true when the deadline stopped it. */
  within(seconds: number, body: () => void): boolean {
    const deadline = { at: this.elapsed + seconds };
    this.deadlines.push(deadline);
    try {
      body();
      return false;
    } catch (halt) {
      if (halt instanceof Halt && halt.kind === "deadline" && halt.limit === deadline) return true;
      throw halt;
    } finally {
      this.deadlines.splice(this.deadlines.indexOf(deadline), 1);
    }
  }

  /** A whole script: top-level commands line by line; compound commands spanning lines are skipped. */
  runScript(script: string) {
    const lines = joinContinuations(script.split(/\r?\n/));
    for (let i = 0; i < lines.length; i++) {
      const end = compoundEnd(lines, i);
      if (end !== null) {
        i = end;
        continue;
      }
      this.runList(lines[i]!);
      // A here-document's body is input, not commands.
      const heredoc = /(?<!<)<<-?(?!<)\s*['"]?(\w+)['"]?/.exec(stripComment(lines[i]!));
      if (heredoc) {
        while (i + 1 < lines.length && lines[i + 1]!.replace(/^\t+/, "") !== heredoc[1]) i++;
        i++;
      }
    }
  }

  /** `a; b && c || d & e` on one line, with `{ …; }` groups and `( … )` subshells. */
  runList(text: string) {
    let previous: Separator | null = null;
    for (const { command, separator } of splitList(text)) {
      const skip = (previous === "&&" && this.status !== 0) || (previous === "||" && this.status === 0);
      previous = separator;
      if (skip || command === "") continue;
      if (separator === "&") {
        // A background job runs on after the script; it adds no time and its output goes where it was redirected.
        this.status = 0;
        continue;
      }
      this.runCommand(command);
    }
  }

  private runCommand(command: string) {
    if (command.startsWith("{") && command.endsWith("}")) return this.runList(command.slice(1, -1));
    if (command.startsWith("(") && command.endsWith(")")) {
      try {
        this.runList(command.slice(1, -1));
      } catch (halt) {
        if (!(halt instanceof Halt) || halt.kind !== "exit") throw halt;
        this.status = halt.exitCode;
      }
      return;
    }
    const expanded = this.expand(command);
    const { words, stdoutDropped, stderrDropped, stdoutFile } = parseWords(expanded);
    const assignment = words.length === 1 ? /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(words[0]!) : null;
    if (assignment) {
      this.vars.set(assignment[1]!, assignment[2]!);
      this.status = 0;
      return;
    }
    const result = this.runSimple(expanded, words);
    // `> /path` creates or truncates the file, `>> /path` appends: what the command printed on success goes there.
    if (stdoutFile) writeFile(this.instance, stdoutFile.path, result.exitCode === 0 ? result.output : "", stdoutFile.append);
    if (result.output && !(result.exitCode === 0 ? stdoutDropped : stderrDropped)) this.print(result.output);
    this.status = result.exitCode;
  }

  /** `$NAME`, `${NAME}` and `$?` outside single quotes; `$(…)` stays as it is (never run). */
  private expand(command: string): string {
    let out = "";
    let quote: string | null = null;
    for (let i = 0; i < command.length; i++) {
      const c = command[i]!;
      if (c === "'" && quote !== '"') quote = quote ? null : "'";
      else if (c === '"' && quote !== "'") quote = quote ? null : '"';
      if (c === "$" && quote !== "'") {
        const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*)|(\?))/.exec(command.slice(i));
        if (m) {
          out += m[3] ? String(this.status) : (this.vars.get((m[1] ?? m[2])!) ?? "");
          i += m[0].length - 1;
          continue;
        }
      }
      out += c;
    }
    return out;
  }

  private runSimple(line: string, words: string[]): { output: string; exitCode: number } {
    const [name = "", ...args] = words;
    const ok = (output = "") => ({ output, exitCode: 0 });
    const fail = (output: string, exitCode = 1) => ({ output, exitCode });

    if (name === "exit") {
      const code = /^\d+$/.test(args[0] ?? "") ? Number(args[0]) & 255 : this.status;
      throw new Halt("exit", code);
    }
    if (name === "sleep") {
      this.sleep(args.reduce((sum, a) => sum + sleepSeconds(a), 0));
      return ok();
    }
    if (name === "timeout") {
      // `timeout [-s SIG] [-k DUR] DURATION COMMAND…`
      let i = 0;
      while (i < args.length && args[i]!.startsWith("-")) i += /^-[sk]$|^--(signal|kill-after)$/.test(args[i]!) ? 2 : 1;
      const [limit, ...inner] = args.slice(i);
      if (!limit || inner.length === 0) return fail("timeout: missing operand\n", 125);
      const before = this.output.length;
      const isStopped = this.within(sleepSeconds(limit), () => this.runCommand(inner.map(quoteWord).join(" ")));
      const printed = this.output.slice(before);
      this.output = this.output.slice(0, before);
      return { output: printed, exitCode: isStopped ? TIMEOUT_COMMAND_EXIT_CODE : this.status };
    }
    if (name === "true" || name === ":") return ok();
    if (name === "false") return fail("");

    // Cloud Assistant process check: `ps aux | grep aliyun.service`, `systemctl is-active aliyun.service`, `pgrep -f aliyun.service`
    if (/aliyun\.service/.test(line)) {
      if (/systemctl\s+is-active/.test(line)) return ok("active\n");
      return ok("root       812  0.1  0.3 723452 12840 ?        Ssl  09:12   0:42 /usr/local/share/aliyun-assist/2.2.3.398/aliyun-service\n");
    }

    // `stat -c '%a %U %G %n' <file>…` (any format made of %a %U %G %n)
    if (name === "stat") {
      const format = statFormat(args);
      if (format) {
        let output = "";
        let exitCode = 0;
        for (const path of format.paths) {
          const file = findFile(this.instance, path);
          if (!file) {
            output += `stat: cannot stat '${path}': No such file or directory\n`;
            exitCode = 1;
            continue;
          }
          output += `${format.format.replace(/%a/g, statMode(file.mode)).replace(/%U/g, file.owner).replace(/%G/g, file.group).replace(/%n/g, file.path)}\n`;
        }
        return { output, exitCode };
      }
    }

    // `test -f <file>` / `[ -f <file> ]` / `-e`, `-r` (root reads everything), `-s` (not empty), `-x` (owner execute bit)
    const test = name === "test" ? args : name === "[" && args.at(-1) === "]" ? args.slice(0, -1) : null;
    if (test && test.length === 2 && /^-[fersx]$/.test(test[0]!)) {
      const file = findFile(this.instance, test[1]!);
      const isOk = !!file && (test[0] !== "-x" || (parseInt(file.mode, 8) & 0o100) !== 0) && (test[0] !== "-s" || file.content.length > 0);
      return { output: "", exitCode: isOk ? 0 : 1 };
    }

    // `cat <file>`
    if (name === "cat" && args.length === 1) {
      const file = findFile(this.instance, args[0]!);
      return file ? ok(file.content) : fail(`cat: ${args[0]}: No such file or directory\n`);
    }

    // `head -n 1 <file>` / `head -1 <file>` / `head -n1 <file>`
    if (name === "head") {
      const parsed = headArgs(args);
      if (parsed) {
        const file = findFile(this.instance, parsed.path);
        if (!file) return fail(`head: cannot open '${parsed.path}' for reading: No such file or directory\n`);
        const lines = file.content.split("\n");
        const taken = lines.slice(0, parsed.count);
        return ok(taken.join("\n") + (lines.length > parsed.count ? "\n" : ""));
      }
    }

    // `sha256sum <file>…`: the real digest of the content, two spaces, the path
    if (name === "sha256sum" && args.length > 0) {
      let output = "";
      let exitCode = 0;
      for (const path of args) {
        const file = findFile(this.instance, path);
        if (!file) {
          output += `sha256sum: ${path}: No such file or directory\n`;
          exitCode = 1;
        } else output += `${createHash("sha256").update(file.content, "utf8").digest("hex")}  ${path}\n`;
      }
      return { output, exitCode };
    }

    // file systems: `df -T` / `df -Th` / `lsblk -f` / `findmnt -n -o FSTYPE …`
    if (/^df\s+(-[a-zA-Z]*T[a-zA-Z]*)/.test(line) || /^lsblk\b.*(-f|FSTYPE)/.test(line) || /^findmnt\b/.test(line)) return ok(fileSystems(this.instance, line));

    // running a script file: `/tmp/prescript.sh`, `bash /tmp/prescript.sh`, `sh -c /tmp/postscript.sh`
    const viaShell = name === "bash" || name === "sh";
    const target = viaShell ? args.find((a) => a !== "-c" && !a.startsWith("-")) : name;
    if (target && /^\/\S+\.sh$/.test(target) && (viaShell || args.length === 0)) return this.runFile(target, viaShell);

    if (name === "mkdir") return ok();

    // `rm [-f] <file>…`
    if (name === "rm") {
      const force = args.some((a) => /^-[a-zA-Z]*f/.test(a));
      let output = "";
      for (const path of args.filter((a) => !a.startsWith("-"))) {
        const index = this.instance.files.findIndex((f) => f.path === path);
        if (index >= 0) this.instance.files.splice(index, 1);
        else if (!force) output += `rm: cannot remove '${path}': No such file or directory\n`;
      }
      return output ? fail(output) : ok();
    }

    // `grep [-q] [-x] [-F] PATTERN FILE`: exit 1 when no line matches, 2 when the file is missing
    if (name === "grep") {
      // Options before `--` (or the first operand), then PATTERN FILE. A form the emulator does not know fails
      // (exit 2) rather than pass as an unknown command would: a restore drill's probe must not succeed by accident.
      const end = args.indexOf("--");
      const options = (end === -1 ? args : args.slice(0, end)).filter((a) => /^-[a-zA-Z]+$/.test(a));
      const flags = options.join("").replace(/-/g, "");
      const operands = end === -1 ? args.filter((a) => !/^-[a-zA-Z]+$/.test(a)) : [...args.slice(0, end).filter((a) => !options.includes(a)), ...args.slice(end + 1)];
      const [pattern, path, ...rest] = operands;
      if (pattern === undefined || path === undefined || rest.length > 0 || !/^[qxFe]*$/.test(flags)) return fail("grep: this form is not supported by the emulator\n", 2);
      {
        const file = findFile(this.instance, path);
        if (!file) return fail(`grep: ${path}: No such file or directory\n`, 2);
        const literal = flags.includes("F");
        const whole = flags.includes("x");
        let regex: RegExp | null = null;
        if (!literal) {
          try {
            regex = new RegExp(whole ? `^(?:${pattern})$` : pattern);
          } catch {
            return fail(`grep: Invalid regular expression\n`, 2);
          }
        }
        const lines = file.content.split("\n");
        if (lines.at(-1) === "") lines.pop();
        const matched = lines.filter((l) => (regex ? regex.test(l) : whole ? l === pattern : l.includes(pattern)));
        if (matched.length === 0) return fail("");
        return ok(flags.includes("q") ? "" : matched.map((l) => `${l}\n`).join(""));
      }
    }

    // `printf FORMAT [ARG…]`: %s takes the next argument; \n, \t, \\ escapes
    if (name === "printf" && args.length > 0) {
      let next = 1;
      const text = args[0]!.replace(/%s|%%/g, (m) => (m === "%%" ? "%" : (args[next++] ?? "")));
      return ok(text.replace(/\\([nt\\])/g, (_m, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : "\\")));
    }

    if (name === "echo") {
      const isNoNewline = args[0] === "-n";
      const text = (isNoNewline || args[0] === "-e" ? args.slice(1) : args).join(" ");
      return ok(isNoNewline ? text : `${text}\n`);
    }
    return ok();
  }

  private runFile(path: string, viaShell: boolean): { output: string; exitCode: number } {
    const file = findFile(this.instance, path);
    if (!file) return { output: `bash: ${path}: No such file or directory\n`, exitCode: 127 };
    if (!viaShell && (parseInt(file.mode, 8) & 0o100) === 0) return { output: `bash: ${path}: Permission denied\n`, exitCode: 126 };
    if (this.depth >= MAX_SCRIPT_DEPTH) return { output: "", exitCode: 0 };
    const child = new Shell(this.instance, new Map(), this.depth + 1);
    child.elapsed = this.elapsed;
    child.deadlines.push(...this.deadlines);
    try {
      child.runScript(file.content);
    } catch (halt) {
      if (!(halt instanceof Halt)) throw halt;
      if (halt.kind === "deadline") {
        this.elapsed = child.elapsed;
        this.print(child.output);
        throw halt;
      }
      child.status = halt.exitCode;
    }
    this.elapsed = child.elapsed;
    return { output: child.output, exitCode: child.status };
  }
}

function fileSystems(instance: Instance, line: string): string {
  const mounts = mountPoints(instance);
  const mount = (i: number) => mounts.get(instance.disks[i]!.diskId) ?? "/";
  if (line.startsWith("lsblk")) {
    return `NAME FSTYPE MOUNTPOINT\n${instance.disks.map((d, i) => `${d.device.replace("/dev/", "")} ${d.fileSystem} ${mount(i)}`).join("\n")}\n`;
  }
  if (line.startsWith("findmnt")) return `${instance.disks.map((d, i) => `${mount(i)} ${d.device} ${d.fileSystem}`).join("\n")}\n`;
  const rows = instance.disks.map((d, i) => `${d.device.padEnd(12)} ${d.fileSystem.padEnd(8)} ${d.sizeGiB}G  3.1G  ${d.sizeGiB - 3}G   8% ${mount(i)}`);
  return `Filesystem   Type     Size  Used Avail Use% Mounted on\n${rows.join("\n")}\n`;
}

/** `sleep 5`, `sleep 0.2`, `sleep 2m`, `sleep infinity`: seconds (coreutils suffixes s, m, h, d). */
function sleepSeconds(arg: string): number {
  if (arg === "infinity") return Number.POSITIVE_INFINITY;
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
  if (!m) return 0;
  return Number(m[1]) * { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
}

function statFormat(args: string[]): { format: string; paths: string[] } | null {
  let format: string | null = null;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-c" || a === "--format") format = args[++i] ?? "";
    else if (a.startsWith("--format=")) format = a.slice("--format=".length);
    else if (a.startsWith("-c") && a.length > 2) format = a.slice(2);
    else paths.push(a);
  }
  return format !== null && paths.length > 0 ? { format, paths } : null;
}

function headArgs(args: string[]): { count: number; path: string } | null {
  let count = 10;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-n") count = Number(args[++i]);
    else if (/^-n\d+$/.test(a)) count = Number(a.slice(2));
    else if (/^-\d+$/.test(a)) count = Number(a.slice(1));
    else paths.push(a);
  }
  return paths.length === 1 && Number.isInteger(count) && count >= 0 ? { count, path: paths[0]! } : null;
}

const quoteWord = (w: string) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

/** Words with quotes removed and redirections taken out (`>/dev/null`, `2>&1`, `>&2`, `> file`). */
function parseWords(command: string): { words: string[]; stdoutDropped: boolean; stderrDropped: boolean; stdoutFile: { path: string; append: boolean } | null } {
  const raw: string[] = [];
  let word = "";
  let hasWord = false;
  let quote: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && i + 1 < command.length) word += command[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      hasWord = true;
    } else if (c === "\\" && i + 1 < command.length) {
      word += command[++i];
      hasWord = true;
    } else if (/\s/.test(c)) {
      if (hasWord || word) raw.push(word);
      word = "";
      hasWord = false;
    } else {
      word += c;
      hasWord = true;
    }
  }
  if (hasWord || word) raw.push(word);

  const words: string[] = [];
  let stdoutDropped = false;
  let stderrDropped = false;
  let stderrFollowsStdout = false;
  let stdoutFile: { path: string; append: boolean } | null = null;
  for (let i = 0; i < raw.length; i++) {
    const redirect = /^(\d|&)?(>>?|<)(&\d|.*)$/.exec(raw[i]!);
    if (!redirect) {
      words.push(raw[i]!);
      continue;
    }
    const target = redirect[3] || raw[++i] || "";
    if (target === "&1" && redirect[1] === "2") stderrFollowsStdout = true;
    if (redirect[2] === "<" || target.startsWith("&")) continue;
    const fd = redirect[1] ?? "1";
    if (fd === "1" || fd === "&") {
      stdoutDropped = true;
      stdoutFile = target.startsWith("/") && target !== "/dev/null" ? { path: target, append: redirect[2] === ">>" } : null;
    }
    if (fd === "2" || fd === "&") stderrDropped = true;
  }
  return { words, stdoutDropped, stderrDropped: stderrDropped || (stderrFollowsStdout && stdoutDropped), stdoutFile };
}

type Separator = ";" | "&&" | "||" | "&" | null;

/** Splits one line at `;`, `&&`, `||` and `&` outside quotes, `$(…)`, `( … )` and `{ …; }`; drops a `#` comment. */
function splitList(text: string): { command: string; separator: Separator }[] {
  const parts: { command: string; separator: Separator }[] = [];
  let quote: string | null = null;
  let depth = 0;
  let start = 0;
  const push = (end: number, separator: Separator, skip: number) => {
    parts.push({ command: text.slice(start, end).trim(), separator });
    start = end + skip;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const prev = text[i - 1] ?? " ";
    const next = text[i + 1] ?? " ";
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"') i++;
      continue;
    }
    if (c === "\\") i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === "#" && /[\s;&|]/.test(prev)) {
      text = text.slice(0, i);
      break;
    } else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "{" && /[\s;&|]/.test(prev) && /\s/.test(next)) depth++;
    else if (c === "}" && /[\s;]/.test(prev) && /[\s;&|)]/.test(next)) depth--;
    else if (depth > 0) continue;
    else if (c === ";") push(i, ";", 1);
    else if (c === "&" && next === "&") push(i++, "&&", 2);
    else if (c === "|" && next === "|") push(i++, "||", 2);
    else if (c === "&" && prev !== ">" && next !== ">") push(i, "&", 1);
  }
  parts.push({ command: text.slice(start).trim(), separator: null });
  return parts;
}

function stripComment(line: string): string {
  return splitList(line)
    .map((p) => p.command)
    .join(" ");
}

function joinContinuations(lines: string[]): string[] {
  const out: string[] = [];
  let pending = "";
  for (const line of lines) {
    if (/(^|[^\\])\\$/.test(line)) pending += `${line.slice(0, -1)} `;
    else {
      out.push(pending + line);
      pending = "";
    }
  }
  if (pending) out.push(pending);
  return out;
}

const OPENERS = new Set(["if", "case", "for", "while", "until", "select", "{"]);
const CLOSERS = new Set(["fi", "esac", "done", "}"]);
/** The unquoted words of a line, for finding where a block ends (`echo "done"` does not end a loop). */
const blockWords = (line: string) =>
  stripComment(line)
    .replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, "_")
    .replace(/;/g, " ; ")
    .split(/\s+/)
    .filter(Boolean);

/**
 * A compound command starting at `lines[start]` (if/case/for/while/until blocks, function definitions, brace
 * groups over several lines) is not run: returns the index of its last line, or null for a plain line.
 */
function compoundEnd(lines: string[], start: number): number | null {
  const first = blockWords(lines[start]!);
  const isFunction = first[0] === "function" || /^[A-Za-z_][\w-]*\s*\(\)/.test(lines[start]!.trim());
  if (!isFunction && !OPENERS.has(first[0] ?? "")) return null;
  let depth = 0;
  let isOpened = false;
  for (let i = start; i < lines.length; i++) {
    for (const w of blockWords(lines[i]!)) {
      if (OPENERS.has(w) || /\)\{$/.test(w)) {
        depth++;
        isOpened = true;
      } else if (CLOSERS.has(w)) depth--;
    }
    if (isOpened && depth <= 0) return i;
  }
  return lines.length - 1;
}

function runWindowsCommand(instance: Instance, command: string): { output: string; exitCode: number } {
  const line = command.trim();
  if (/AliyunService/i.test(line)) {
    return { output: "\r\nStatus   Name               DisplayName\r\n------   ----               -----------\r\nRunning  AliyunService      AliyunService\r\n", exitCode: 0 };
  }
  if (/Get-Volume|Win32_LogicalDisk|Get-PSDrive/i.test(line)) {
    // drive letters as guest files see them (mountPoints): C for the system disk, D, E, … for the data disks in order
    const mounts = mountPoints(instance);
    const rows = instance.disks.map((d) => `${(mounts.get(d.diskId) ?? "C:\\").slice(0, 1)}           ${d.fileSystem.padEnd(10)} ${d.type === "system" ? "System" : "Data"}   ${d.sizeGiB} GB`);
    return { output: `DriveLetter FileSystem Label    Size\r\n${rows.join("\r\n")}\r\n`, exitCode: 0 };
  }
  return { output: "", exitCode: 0 };
}

/**
 * Runs a script. Linux: top-level commands line by line (`;`, `&&`, `||`, `&`, `{ …; }`, `( … )`, `exit N`,
 * `sleep N`, `timeout N cmd`); the exit code is the last command's. With a timeout, a script whose sleeps pass it
 * is stopped there, keeping what it printed before. Windows: each line (and `;`/`&&` part) on its own, no time.
 */
export function runScript(instance: Instance, script: string, { timeoutSeconds = Number.POSITIVE_INFINITY }: RunOptions = {}): CommandResult {
  if (instance.osType === "windows") {
    let output = "";
    let exitCode = 0;
    for (const part of script.split(/\r?\n/).flatMap((line) => line.split(/\s*;\s*/))) {
      for (const cmd of part.split(/\s*&&\s*/)) {
        const result = runWindowsCommand(instance, cmd);
        output += result.output;
        exitCode = result.exitCode;
        if (exitCode !== 0) break;
      }
    }
    return { output, exitCode, durationSeconds: 0, isTimedOut: false };
  }
  const shell = new Shell(instance);
  let isTimedOut = false;
  try {
    isTimedOut = shell.within(timeoutSeconds, () => shell.runScript(script));
  } catch (halt) {
    if (!(halt instanceof Halt) || halt.kind !== "exit") throw halt;
    shell.status = halt.exitCode;
  }
  return { output: shell.output, exitCode: isTimedOut ? TIMEOUT_EXIT_CODE : shell.status, durationSeconds: shell.elapsed, isTimedOut };
}
