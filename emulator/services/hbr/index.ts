import type { Service } from "../types.ts";
import { createPolicyBindings, deletePolicyBinding, describePolicyBindings, updatePolicyBinding } from "./bindings.ts";
import { cancelBackupJob, createBackupJob, describeBackupJobs2 } from "./jobs.ts";
import { createBackupPlan, deleteBackupPlan, describeBackupPlans, executeBackupPlan, setPlanDisabled, updateBackupPlan } from "./plans.ts";
import { createPolicyV2, deletePolicyV2, describePoliciesV2, executePolicyV2, updatePolicyV2 } from "./policies.ts";
import { cancelRestoreJob, createRestoreJob, describeRestoreJobs2 } from "./restore.ts";
import { describeUdmSnapshots } from "./snapshots.ts";
import { describeTask } from "./tasks.ts";

export { REGION_HEADER } from "./shared.ts";

/** HBR 2017-09-08: the action table the server dispatches on, one file per resource. */
export const hbrService: Service = {
  product: "hbr",
  endpointPrefix: "hbr",
  actions: {
    CreatePolicyV2: createPolicyV2,
    UpdatePolicyV2: updatePolicyV2,
    DeletePolicyV2: deletePolicyV2,
    DescribePoliciesV2: describePoliciesV2,
    ExecutePolicyV2: executePolicyV2,
    CreatePolicyBindings: createPolicyBindings,
    UpdatePolicyBinding: updatePolicyBinding,
    DeletePolicyBinding: deletePolicyBinding,
    DescribePolicyBindings: describePolicyBindings,
    CreateBackupPlan: createBackupPlan,
    DescribeBackupPlans: describeBackupPlans,
    UpdateBackupPlan: updateBackupPlan,
    DeleteBackupPlan: deleteBackupPlan,
    EnableBackupPlan: setPlanDisabled(false),
    DisableBackupPlan: setPlanDisabled(true),
    ExecuteBackupPlan: executeBackupPlan,
    CreateBackupJob: createBackupJob,
    DescribeBackupJobs2: describeBackupJobs2,
    CancelBackupJob: cancelBackupJob,
    DescribeUdmSnapshots: describeUdmSnapshots,
    DescribeTask: describeTask,
    CreateRestoreJob: createRestoreJob,
    DescribeRestoreJobs2: describeRestoreJobs2,
    CancelRestoreJob: cancelRestoreJob,
  },
};
