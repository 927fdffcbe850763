import { z } from "zod";
import { POST_SCRIPT_PATH, PRE_SCRIPT_PATH } from "./plan";

// Pre-freeze and post-thaw scripts as the browser editor and the API accept them. Cloud Assistant's SendFile
// takes at most 32 KB of content after Base64 encoding; HBR runs the scripts directly, so they must name their
// interpreter. The Dry run sends each script through RunCommand, whose limit is tighter.

/** SendFile's limit on Content: 32 KB after Base64 encoding, that is 24 KB of script. */
export const MAX_SCRIPT_BYTES = 24 * 1024;
/** RunCommand's limit on CommandContent: 24 KB after Base64, that is 18 KB of script. */
export const MAX_COMMAND_SCRIPT_BYTES = 18 * 1024;
/** Cloud Assistant's smallest RunCommand Timeout, in seconds. */
export const MIN_COMMAND_TIMEOUT_S = 10;

/** UTF-8 bytes, as SendFile and RunCommand count them. */
export const scriptBytes = (s: string): number => new TextEncoder().encode(s).length;

export const scriptContentSchema = z
  .string()
  .min(1, "The script is empty")
  .refine((s) => s.startsWith("#!"), "Start the script with a shebang line, e.g. #!/bin/bash")
  .refine((s) => !s.includes("\r"), "Use Unix line endings (LF): Windows line endings (CRLF) break the shebang")
  .refine((s) => scriptBytes(s) <= MAX_SCRIPT_BYTES, `At most ${MAX_SCRIPT_BYTES / 1024} KB (Cloud Assistant's SendFile takes 32 KB after Base64 encoding)`);

/** A script the Dry run can send: RunCommand takes less than SendFile. */
export const dryRunScriptSchema = scriptContentSchema.refine(
  (s) => scriptBytes(s) <= MAX_COMMAND_SCRIPT_BYTES,
  `At most ${MAX_COMMAND_SCRIPT_BYTES / 1024} KB for a Dry run (it runs the script through RunCommand, which takes no more)`,
);

/** The script workbench's labels; the UI and the e2e locators import them. */
export const scriptLabels = {
  gallery: "Script gallery",
  preScript: `Pre-freeze script ${PRE_SCRIPT_PATH}`,
  postScript: `Post-thaw script ${POST_SCRIPT_PATH}`,
  timeout: "Timeout (seconds)",
  dryRun: "Dry run",
  upload: "Upload to instance",
} as const;
