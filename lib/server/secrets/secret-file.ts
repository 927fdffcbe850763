import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The secret kept in `file` (mode 0600), made from 32 random bytes the first time it is asked for. Two processes
 * asking at once get the same secret: the file appears whole (written aside, then linked into place) or not at all.
 */
export function readOrCreateSecretFile(file: string): string {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const aside = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    fs.writeFileSync(aside, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    try {
      fs.linkSync(aside, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err; // another process made it first
    } finally {
      fs.rmSync(aside, { force: true });
    }
  }
  return fs.readFileSync(file, "utf8").trim();
}
