import { describe, expect, it } from "vitest";
import { instanceTaskRequestSchema } from "@/lib/schemas/instances";
import { dryRunScriptSchema, MAX_COMMAND_SCRIPT_BYTES, MAX_SCRIPT_BYTES, scriptBytes, scriptContentSchema } from "@/lib/schemas/scripts";

const messages = (value: string) => {
  const parsed = scriptContentSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
};

describe("scriptContentSchema", () => {
  it("accepts a script with a shebang and Unix line endings", () => {
    expect(messages("#!/bin/bash\nsync\n")).toEqual([]);
    expect(messages("#!/usr/bin/env bash\necho é\n")).toEqual([]);
  });

  it("says what is wrong: empty, no shebang, CRLF", () => {
    expect(messages("")).toContain("The script is empty");
    expect(messages("sync\n")).toEqual(["Start the script with a shebang line, e.g. #!/bin/bash"]);
    expect(messages(" #!/bin/bash\n")).toEqual(["Start the script with a shebang line, e.g. #!/bin/bash"]);
    expect(messages("#!/bin/bash\r\nsync\r\n")).toEqual(["Use Unix line endings (LF): Windows line endings (CRLF) break the shebang"]);
  });

  it("counts UTF-8 bytes against SendFile's limit (32 KB after Base64 = 24 KB)", () => {
    const atLimit = `#!/bin/bash\n${"#".repeat(MAX_SCRIPT_BYTES - 12)}`;
    expect(scriptBytes(atLimit)).toBe(MAX_SCRIPT_BYTES);
    expect(Buffer.from(atLimit).toString("base64").length).toBe(32 * 1024);
    expect(messages(atLimit)).toEqual([]);
    expect(messages(`${atLimit}é`)).toEqual(["At most 24 KB (Cloud Assistant's SendFile takes 32 KB after Base64 encoding)"]);
  });

  it("a Dry run also needs the script to fit RunCommand (18 KB), and a timeout of at least 10 s", () => {
    const big = `#!/bin/bash\n${"#".repeat(MAX_COMMAND_SCRIPT_BYTES)}`;
    expect(scriptContentSchema.safeParse(big).success).toBe(true);
    expect(dryRunScriptSchema.safeParse(big).error?.issues[0]?.message).toMatch(/^At most 18 KB for a Dry run/);
    const request = (timeoutSeconds: number) => instanceTaskRequestSchema.safeParse({ kind: "dryRun", preScript: "#!/bin/sh\n", postScript: "#!/bin/sh\n", timeoutSeconds });
    expect(request(10).success).toBe(true);
    expect(request(9).error?.issues[0]).toMatchObject({ path: ["timeoutSeconds"], message: "At least 10 seconds (Cloud Assistant's smallest Timeout)" });
    expect(request(601).error?.issues[0]?.message).toBe("At most 600 seconds");
  });
});
