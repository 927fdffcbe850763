import { CloudError } from "../../protocol/errors.ts";

// ---- roles ----

export const roleNotFound = (roleName: string) => new CloudError(404, "EntityNotExist.Role", `The role does not exist: ${roleName}.`);

export const roleAlreadyExists = (roleName: string) => new CloudError(409, "EntityAlreadyExists.Role", `The role already exists: ${roleName}.`);

export const roleNameTooLong = () => new CloudError(400, "InvalidParameter.RoleName.Length", "The parameter RoleName is too long (1-64).");

export const roleNameInvalidChars = () => new CloudError(400, "InvalidParameter.RoleName.InvalidChars", "The parameter RoleName contains invalid characters.");

export const assumeRolePolicyDocumentTooLong = () =>
  new CloudError(400, "InvalidParameter.AssumeRolePolicyDocument.Length", "The AssumeRolePolicyDocument is too long.");

// ---- policies ----

export const policyNotFound = (policyName: string) => new CloudError(404, "EntityNotExist.Policy", `The policy does not exist: ${policyName}.`);

export const policyAlreadyExists = (policyName: string) => new CloudError(409, "EntityAlreadyExists.Policy", `The policy already exists: ${policyName}.`);

export const policyAlreadyAttached = (policyName: string, roleName: string) =>
  new CloudError(409, "EntityAlreadyExists.Role.Policy", `The policy ${policyName} is already attached to the role ${roleName}.`);

export const policyTypeInvalid = () => new CloudError(400, "InvalidParameter.PolicyType", "The parameter PolicyType must be System or Custom.");

export const policyNameTooLong = () => new CloudError(400, "InvalidParameter.PolicyName.Length", "The parameter PolicyName is too long (1-128).");

export const policyNameInvalidChars = () => new CloudError(400, "InvalidParameter.PolicyName.InvalidChars", "The parameter PolicyName contains invalid characters.");

export const policyDocumentTooLong = () => new CloudError(400, "InvalidParameter.PolicyDocument.Length", "The PolicyDocument is too long (6144).");

/** `param` names the document (`PolicyDocument`, `AssumeRolePolicyDocument`); `reason` ends the message. */
export const malformedPolicyDocument = (param: string, reason: 'not JSON.' | 'it needs "Version" and a "Statement" array.') =>
  new CloudError(400, "MalformedPolicyDocument", `The ${param} is malformed: ${reason}`);
