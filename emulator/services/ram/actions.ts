import { missingParameter } from "../../protocol/errors.ts";
import { isoSecond } from "../../protocol/ids.ts";
import type { RamPolicy, RamRole } from "../../state/models.ts";
import { SYSTEM_POLICIES } from "../../scenario/schema.ts";
import type { Action, ActionContext, Service } from "../types.ts";
import {
  assumeRolePolicyDocumentTooLong, malformedPolicyDocument, policyAlreadyAttached, policyAlreadyExists, policyDocumentTooLong,
  policyNameInvalidChars, policyNameTooLong, policyNotFound, policyTypeInvalid, roleAlreadyExists, roleNameInvalidChars, roleNameTooLong,
  roleNotFound,
} from "./errors.ts";

const changed = (ctx: ActionContext) => ctx.emulator.store.touch(ctx.account.accountId, "ram");

function roleOrThrow(ctx: ActionContext, name: string): RamRole {
  const role = ctx.account.roles.get(name);
  if (!role) throw roleNotFound(name);
  return role;
}

function validDocument(text: string, param: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformedPolicyDocument(param, "not JSON.");
  }
  if (!doc || typeof doc !== "object" || !("Statement" in doc) || !("Version" in doc) || !Array.isArray((doc as { Statement: unknown }).Statement))
    throw malformedPolicyDocument(param, 'it needs "Version" and a "Statement" array.');
}

const renderRole = (ctx: ActionContext, r: RamRole) => ({
  RoleId: r.roleId,
  RoleName: r.roleName,
  Arn: `acs:ram::${ctx.account.accountId}:role/${r.roleName.toLowerCase()}`,
  Description: r.description,
  AssumeRolePolicyDocument: r.assumeRolePolicyDocument,
  CreateDate: isoSecond(r.createDate),
  UpdateDate: isoSecond(r.updateDate),
  MaxSessionDuration: r.maxSessionDuration,
});

const createRole: Action = (ctx) => {
  const p = ctx.params;
  const name = p.required("RoleName");
  if (name.length > 64) throw roleNameTooLong();
  if (!/^[A-Za-z0-9.-]+$/.test(name)) throw roleNameInvalidChars();
  const doc = p.required("AssumeRolePolicyDocument");
  if (doc.length > 2048) throw assumeRolePolicyDocumentTooLong();
  validDocument(doc, "AssumeRolePolicyDocument");
  if (ctx.account.roles.has(name)) throw roleAlreadyExists(name);
  const max = p.int("MaxSessionDuration", { min: 3600, max: 43200, fallback: 3600 })!;
  const role: RamRole = {
    roleId: String(300000000000000000n + BigInt(ctx.account.roles.size + 1) + BigInt(Math.floor(Math.random() * 1e9))),
    roleName: name, description: p.get("Description") ?? "", assumeRolePolicyDocument: doc, maxSessionDuration: max,
    createDate: ctx.now, updateDate: ctx.now, policies: [],
  };
  ctx.account.roles.set(name, role);
  changed(ctx);
  const { UpdateDate: _, ...rest } = renderRole(ctx, role);
  return { Role: rest };
};

const getRole: Action = (ctx) => ({ Role: renderRole(ctx, roleOrThrow(ctx, ctx.params.required("RoleName"))) });

function policyOrThrow(ctx: ActionContext, name: string, type: string): RamPolicy {
  if (type === "System" && SYSTEM_POLICIES.has(name))
    return { policyName: name, policyType: "System", description: `${name} (system policy)`, document: JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: name === "AdministratorAccess" ? "*" : "ecs:*", Resource: "*" }] }), createDate: 0, updateDate: 0 };
  const policy = ctx.account.ramPolicies.get(name);
  if (!policy || policy.policyType !== type) throw policyNotFound(name);
  return policy;
}

const policyType = (ctx: ActionContext) => {
  const type = ctx.params.required("PolicyType");
  if (type !== "System" && type !== "Custom") throw policyTypeInvalid();
  return type;
};

const attachmentCount = (ctx: ActionContext, name: string) =>
  [...ctx.account.roles.values()].filter((r) => r.policies.some((p) => p.policyName === name)).length;

const createPolicy: Action = (ctx) => {
  const p = ctx.params;
  const name = p.required("PolicyName");
  if (name.length > 128) throw policyNameTooLong();
  if (!/^[A-Za-z0-9-]+$/.test(name)) throw policyNameInvalidChars();
  const doc = p.required("PolicyDocument");
  if (doc.length > 6144) throw policyDocumentTooLong();
  validDocument(doc, "PolicyDocument");
  if (ctx.account.ramPolicies.has(name) || SYSTEM_POLICIES.has(name)) throw policyAlreadyExists(name);
  const policy: RamPolicy = { policyName: name, policyType: "Custom", description: p.get("Description") ?? "", document: doc, createDate: ctx.now, updateDate: ctx.now };
  ctx.account.ramPolicies.set(name, policy);
  changed(ctx);
  return { Policy: { PolicyName: name, PolicyType: "Custom", Description: policy.description, DefaultVersion: "v1", CreateDate: isoSecond(ctx.now) } };
};

const getPolicy: Action = (ctx) => {
  const name = ctx.params.required("PolicyName");
  const policy = policyOrThrow(ctx, name, policyType(ctx));
  return {
    Policy: {
      PolicyName: policy.policyName, PolicyType: policy.policyType, Description: policy.description, DefaultVersion: "v1",
      CreateDate: isoSecond(policy.createDate), UpdateDate: isoSecond(policy.updateDate), AttachmentCount: attachmentCount(ctx, name),
    },
    DefaultPolicyVersion: { VersionId: "v1", IsDefaultVersion: true, PolicyDocument: policy.document, CreateDate: isoSecond(policy.createDate) },
  };
};

const attachPolicyToRole: Action = (ctx) => {
  const type = policyType(ctx);
  const name = ctx.params.required("PolicyName");
  const role = roleOrThrow(ctx, ctx.params.required("RoleName"));
  policyOrThrow(ctx, name, type);
  if (role.policies.some((p) => p.policyName === name && p.policyType === type)) throw policyAlreadyAttached(name, role.roleName);
  role.policies.push({ policyName: name, policyType: type, attachDate: ctx.now });
  changed(ctx);
  return {};
};

const listPoliciesForRole: Action = (ctx) => {
  const name = ctx.params.get("RoleName");
  if (!name) throw missingParameter("RoleName");
  const role = roleOrThrow(ctx, name);
  return {
    Policies: {
      Policy: role.policies.map((a) => {
        const policy = policyOrThrow(ctx, a.policyName, a.policyType);
        return { PolicyName: a.policyName, PolicyType: a.policyType, Description: policy.description, DefaultVersion: "v1", AttachDate: isoSecond(a.attachDate) };
      }),
    },
  };
};

export const ramService: Service = {
  product: "Ram",
  endpointPrefix: "ram",
  actions: { CreateRole: createRole, GetRole: getRole, CreatePolicy: createPolicy, GetPolicy: getPolicy, AttachPolicyToRole: attachPolicyToRole, ListPoliciesForRole: listPoliciesForRole },
};
