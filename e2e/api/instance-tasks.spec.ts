import { instanceDetailSchema, instanceTaskListSchema } from "@/lib/schemas/instances";
import { expect, test } from "../fixtures";

// The instance-task API: admins only for anything that previews or changes, field-level 422s for bad scripts,
// 404 for what does not exist, and a 409 with the reason for a fix that would overwrite the instance's role.

const HK = "cn-hongkong";
const ROLE_NO_POLICY = "i-j6cdemo000000005"; // hk-role-no-policy (read-only here)
const tasksPath = (instanceId: string) => `/api/regions/${HK}/instances/${instanceId}/tasks`;

test.describe("instance tasks API", () => {
  test("a viewer reads the instance and its tasks but cannot preview or run a fix", async ({ makeUser, apiAs }) => {
    const viewer = await apiAs(await makeUser("viewer"));
    const detail = await viewer.get(`/api/regions/${HK}/instances/${ROLE_NO_POLICY}`);
    expect(detail.status()).toBe(200);
    expect(instanceDetailSchema.parse(await detail.json()).instance.ramRoleName).toBe("RoleWithoutPolicy");
    expect(instanceTaskListSchema.parse(await (await viewer.get(tasksPath(ROLE_NO_POLICY))).json()).tasks).toEqual([]);
    for (const kind of ["ramRole", "cloudAssistant"]) {
      expect((await viewer.post(tasksPath(ROLE_NO_POLICY), { data: { kind } })).status()).toBe(403);
      expect((await viewer.post(`${tasksPath(ROLE_NO_POLICY)}/preview`, { data: { kind } })).status()).toBe(403);
    }
  });

  test("scripts without a shebang, with CRLF or too large are refused field by field", async ({ adminApi }) => {
    const res = await adminApi.post(`${tasksPath(ROLE_NO_POLICY)}/preview`, {
      data: { kind: "dryRun", preScript: "echo frozen", postScript: "#!/bin/bash\r\necho thawed\r\n", timeoutSeconds: 0 },
    });
    expect(res.status()).toBe(422);
    const { error } = await res.json();
    expect(error.fieldErrors.preScript).toEqual(["Start the script with a shebang line, e.g. #!/bin/bash"]);
    expect(error.fieldErrors.postScript[0]).toMatch(/Unix line endings/);
    expect(error.fieldErrors.timeoutSeconds).toEqual(["At least 10 seconds (Cloud Assistant's smallest Timeout)"]);
    const big = await adminApi.post(`${tasksPath(ROLE_NO_POLICY)}/preview`, { data: { kind: "scripts", preScript: `#!/bin/bash\n${"x".repeat(40_000)}`, postScript: "#!/bin/bash\n" } });
    expect(big.status()).toBe(422);
    expect((await big.json()).error.fieldErrors.preScript[0]).toMatch(/32 KB/);
  });

  test("a fix that would replace the instance's role is refused with the reason; unknown instances are 404", async ({ adminApi }) => {
    const refused = await adminApi.post(tasksPath(ROLE_NO_POLICY), { data: { kind: "ramRole" } });
    expect(refused.status()).toBe(409);
    expect((await refused.json()).error.message).toContain("already has the RAM role RoleWithoutPolicy");
    const preview = await adminApi.post(`${tasksPath(ROLE_NO_POLICY)}/preview`, { data: { kind: "ramRole" } });
    expect(preview.status()).toBe(200);
    expect((await preview.json()).blocker).toContain("RoleWithoutPolicy");
    const missing = await adminApi.post(tasksPath("i-j6cmissing0"), { data: { kind: "cloudAssistant" } });
    expect(missing.status()).toBe(404);
    expect((await missing.json()).error.fieldErrors.instanceId[0]).toContain("i-j6cmissing0");
  });
});
