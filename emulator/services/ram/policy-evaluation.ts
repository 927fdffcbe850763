import { SYSTEM_POLICIES } from "../../scenario/schema.ts";
import type { AccountState } from "../../state/store.ts";
import { wildcardRegExp } from "../paging.ts";

/** Does the role's attached policy set allow `action` (e.g. `ecs:CreateSnapshot`)? Deny wins. */
export function roleAllows(ctx: { account: AccountState }, roleName: string, action: string): boolean {
  const role = ctx.account.roles.get(roleName);
  if (!role) return false;
  let allowed = false;
  for (const attachment of role.policies) {
    const text =
      attachment.policyType === "System" && SYSTEM_POLICIES.has(attachment.policyName)
        ? JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*" }] })
        : ctx.account.ramPolicies.get(attachment.policyName)?.document;
    if (!text) continue;
    let statements: { Effect?: string; Action?: string | string[] }[] = [];
    try {
      statements = (JSON.parse(text) as { Statement?: typeof statements }).Statement ?? [];
    } catch {
      continue;
    }
    for (const s of statements) {
      const actions = Array.isArray(s.Action) ? s.Action : s.Action ? [s.Action] : [];
      if (!actions.some((a) => matchAction(a, action))) continue;
      if (s.Effect === "Deny") return false;
      if (s.Effect === "Allow") allowed = true;
    }
  }
  return allowed;
}

function matchAction(pattern: string, action: string): boolean {
  return wildcardRegExp(pattern, "i").test(action);
}
