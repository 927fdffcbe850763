import "server-only";
import { z } from "zod";
import {
  alertListQuerySchema,
  alertListSchema,
  alertRulesSchema,
  channelListSchema,
  channelParamsSchema,
  channelSchema,
  createChannelSchema,
  createdChannelSchema,
  deliveryListQuerySchema,
  deliveryListSchema,
  deliverySchema,
  updateAlertRulesSchema,
  updateChannelSchema,
} from "@/lib/schemas/alerts";
import { auditListQuerySchema, auditListSchema } from "@/lib/schemas/audit";
import { dashboardQuerySchema, dashboardSchema } from "@/lib/schemas/dashboard";
import { jobFiltersSchema, jobListQuerySchema, jobListSchema } from "@/lib/schemas/jobs";
import { drillHistoryQuerySchema, drillHistorySchema, drillRequestSchema, drillSettingsSchema, drillStartResultSchema } from "@/lib/schemas/drill";
import {
  instanceDetailSchema,
  instanceListQuerySchema,
  instanceListSchema,
  instanceParamsSchema,
  instanceTaskListSchema,
  instanceTaskPreviewSchema,
  instanceTaskRequestSchema,
  instanceTaskSchema,
  prerequisitesSchema,
} from "@/lib/schemas/instances";
import {
  createPolicySchema,
  policyDetailSchema,
  policyListSchema,
  policyParamsSchema,
  policyUpdateResultSchema,
  updatePolicySchema,
} from "@/lib/schemas/policy";
import { regionListSchema, regionParamsSchema } from "@/lib/schemas/regions";
import {
  backupPointListQuerySchema,
  backupPointListSchema,
  createRestoreSchema,
  restoreIdParamsSchema,
  restoreListQuerySchema,
  restoreListSchema,
  restoreOptionsQuerySchema,
  restoreOptionsSchema,
  restoreSchema,
} from "@/lib/schemas/restore";
import {
  bulkPlanActionRequestSchema,
  bulkPlanActionResultSchema,
  createPlanSchema,
  planActionRequestSchema,
  planActionSchema,
  planDetailSchema,
  planIdParamsSchema,
  planListQuerySchema,
  planListSchema,
} from "@/lib/schemas/plan";
import {
  createUserSchema,
  sessionUserSchema,
  signInSchema,
  updateUserSchema,
  userIdParamsSchema,
  userListSchema,
  userSchema,
} from "@/lib/schemas/user";

// Every /api route, declared once: method, path, who may call it, the schemas of its params, query, body and
// headers, what it answers with, and its summary. The route files pass their declaration to withRoute, which
// parses the request and the response with it; the OpenAPI document (/api/openapi.json), and so the RBAC matrix
// and the fuzz spec (e2e/api), are built from the same list. openapi.test.ts fails when a route.ts exports a
// method that is not declared here, or declares it without its own entry.

export type ApiMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
export type ApiAccess = "public" | "signed-in" | "admin";

/** What a successful answer is: JSON parsed through `schema`, a download of `raw` content type, or no body. */
export type ApiResponse =
  | { status: number; description: string; schema: z.ZodType }
  | { status: number; description: string; /** Content type of a non-JSON answer: the handler returns a Response. */ raw: string }
  | { status: number; description: string };

export interface ApiRoute {
  method: ApiMethod;
  /** OpenAPI style: "/api/plans/{planId}". */
  path: string;
  summary: string;
  access: ApiAccess;
  params?: z.ZodObject;
  /**
   * A well-formed value for each path parameter that names nothing, so probes such as the RBAC matrix never
   * touch real data (an admin's DELETE of a missing plan is a 404).
   */
  paramExamples?: Record<string, string>;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Request headers by their name, each described with `.meta({ description })`; a bad value is a 400. */
  headers?: z.ZodObject;
  response: ApiResponse;
  /** Error statuses beyond those withRoute gives every route of its kind (401, 403, 415, 422, 400, 500, 503). */
  errors?: readonly number[];
  /** Served by better-auth rather than withRoute: its own error shape, its own rate limit. */
  isAuthLibrary?: boolean;
}

/** Keeps each declaration's own types (access literal, schemas) for withRoute's inference. */
const declare = <R extends ApiRoute>(route: R): R => route;

const healthSchema = z.object({
  status: z.enum(["ok", "degraded", "down"]),
  db: z.object({ ok: z.boolean(), latencyMs: z.number().nullable(), error: z.string().optional() }),
  queue: z.object({ ok: z.boolean(), workers: z.number().int(), lastHeartbeatAt: z.string().nullable() }),
  cloud: z.object({
    ok: z.boolean(),
    mode: z.string(),
    latencyMs: z.number().nullable(),
    regions: z.number().int().optional(),
    error: z.object({ code: z.string(), message: z.string(), requestId: z.string().nullable() }).optional(),
  }),
});
const openApiDocumentSchema = z.object({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }).loose(), paths: z.record(z.string(), z.unknown()) }).loose();
const sessionSchema = z.object({ session: z.object({ id: z.string(), expiresAt: z.string() }).loose(), user: sessionUserSchema.loose() }).nullable();

/** POST /api/plans: the same key and body give the same plan. */
export const IDEMPOTENCY_KEY_MESSAGE = "Idempotency-Key must be 8–128 characters of letters, digits and . _ : -";
const idempotencyHeaders = z.object({
  "Idempotency-Key": z
    .string()
    .regex(/^[A-Za-z0-9._:-]{8,128}$/, IDEMPOTENCY_KEY_MESSAGE)
    .optional()
    .meta({ description: "The same key and body give the same plan (200 on a replay)" }),
});

const missingPlan = { planId: "plan_missing0" };
const region = { regionId: "ap-southeast-1" };
const missingInstance = { ...region, instanceId: "i-missing0" };
const missingPolicy = { ...region, policyId: "po-000000000missing" };
const missingRestore = { restoreId: "rst_missing0" };
const missingChannel = { channelId: "ch_missing0" };

export const apiRoutes = {
  health: declare({ method: "GET", path: "/api/health", summary: "Readiness of the database, the queue and the cloud", access: "public", response: { status: 200, description: "Ready (the same body with 503 until then)", schema: healthSchema }, errors: [503] }),
  openApi: declare({ method: "GET", path: "/api/openapi.json", summary: "This OpenAPI document", access: "public", response: { status: 200, description: "OpenAPI 3.1 document", schema: openApiDocumentSchema } }),
  signIn: declare({ method: "POST", path: "/api/auth/sign-in/email", summary: "Sign in with email and password (rate limited per client)", access: "public", body: signInSchema, response: { status: 200, description: "Signed in; sets the session cookie" }, errors: [401, 403, 429], isAuthLibrary: true }),
  signOut: declare({ method: "POST", path: "/api/auth/sign-out", summary: "Sign out", access: "public", response: { status: 200, description: "Signed out; clears the session cookie" }, isAuthLibrary: true }),
  getSession: declare({ method: "GET", path: "/api/auth/get-session", summary: "The current session, or null", access: "public", response: { status: 200, description: "The session", schema: sessionSchema }, isAuthLibrary: true }),
  me: declare({ method: "GET", path: "/api/me", summary: "The signed-in user", access: "signed-in", response: { status: 200, description: "The user", schema: sessionUserSchema } }),
  listUsers: declare({ method: "GET", path: "/api/users", summary: "Every user of the console (admins only)", access: "admin", response: { status: 200, description: "Users", schema: userListSchema } }),
  createUser: declare({ method: "POST", path: "/api/users", summary: "Create a user with a role", access: "admin", body: createUserSchema, response: { status: 201, description: "Created", schema: userSchema }, errors: [409] }),
  updateUser: declare({
    method: "PATCH",
    path: "/api/users/{userId}",
    summary: "Set a user's role or disable/enable them",
    access: "admin",
    params: userIdParamsSchema,
    paramExamples: { userId: "no-such-user" },
    body: updateUserSchema,
    response: { status: 200, description: "Updated", schema: userSchema },
    errors: [404, 409],
  }),
  listPlans: declare({ method: "GET", path: "/api/plans", summary: "Protection plans, filtered, sorted and paged", access: "signed-in", query: planListQuerySchema, response: { status: 200, description: "One page of plans", schema: planListSchema } }),
  createPlan: declare({
    method: "POST",
    path: "/api/plans",
    summary: "Save a plan and queue its provisioning",
    access: "admin",
    body: createPlanSchema,
    headers: idempotencyHeaders,
    response: { status: 201, description: "Created (200 when the Idempotency-Key was seen before)", schema: planDetailSchema },
    errors: [404, 409],
  }),
  getPlan: declare({ method: "GET", path: "/api/plans/{planId}", summary: "A plan with its instances, provisioning steps and backup jobs", access: "signed-in", params: planIdParamsSchema, paramExamples: missingPlan, response: { status: 200, description: "The plan", schema: planDetailSchema }, errors: [404] }),
  deletePlan: declare({ method: "DELETE", path: "/api/plans/{planId}", summary: "Remove the plan and what it created in HBR (asynchronously)", access: "admin", params: planIdParamsSchema, paramExamples: missingPlan, response: { status: 202, description: "Deletion queued", schema: planDetailSchema }, errors: [404] }),
  retryPlan: declare({ method: "POST", path: "/api/plans/{planId}/retry", summary: "Resume a Failed plan from its failed step", access: "admin", params: planIdParamsSchema, paramExamples: missingPlan, response: { status: 202, description: "Retry queued", schema: planDetailSchema }, errors: [404, 409] }),
  exportPlanTerraform: declare({ method: "GET", path: "/api/plans/{planId}/export/terraform", summary: "The plan as Terraform for the alicloud provider, as a .tf download", access: "signed-in", params: planIdParamsSchema, paramExamples: missingPlan, response: { status: 200, description: "HCL, as an attachment", raw: "text/plain" }, errors: [404] }),
  exportPlanJobs: declare({ method: "GET", path: "/api/plans/{planId}/export/jobs", summary: "The plan's backup jobs as CSV, as a download", access: "signed-in", params: planIdParamsSchema, paramExamples: missingPlan, response: { status: 200, description: "RFC 4180 CSV with a header row, as an attachment", raw: "text/csv" }, errors: [404] }),
  planAction: declare({
    method: "POST",
    path: "/api/plans/{planId}/actions",
    summary: "Pause, Resume or Run backup now (carried out by the worker)",
    access: "admin",
    params: planIdParamsSchema,
    paramExamples: missingPlan,
    body: planActionRequestSchema,
    response: { status: 202, description: "Action queued", schema: planActionSchema },
    errors: [404, 409],
  }),
  bulkPlanAction: declare({
    method: "POST",
    path: "/api/plans/actions",
    summary: "One action on many plans; plans it does not apply to are listed with the reason",
    access: "admin",
    body: bulkPlanActionRequestSchema,
    response: { status: 202, description: "Actions queued, and the plans refused", schema: bulkPlanActionResultSchema },
  }),
  // Restore drills of a plan (lib/server/drills).
  startDrill: declare({
    method: "POST",
    path: "/api/plans/{planId}/drills",
    summary: "Start a restore drill now: each (or one) instance's backup point restored in the isolated network, probed, then deleted (by the worker)",
    access: "admin",
    params: planIdParamsSchema,
    paramExamples: missingPlan,
    body: drillRequestSchema,
    response: { status: 202, description: "Drill runs queued, one per instance", schema: drillStartResultSchema },
    errors: [404, 409],
  }),
  listDrills: declare({
    method: "GET",
    path: "/api/plans/{planId}/drills",
    summary: "The plan's restore drills, newest first, with Last verified restorable and the drill settings",
    access: "signed-in",
    params: planIdParamsSchema,
    paramExamples: missingPlan,
    query: drillHistoryQuerySchema,
    response: { status: 200, description: "Drill history", schema: drillHistorySchema },
    errors: [404],
  }),
  getDrillSettings: declare({ method: "GET", path: "/api/plans/{planId}/drill-settings", summary: "The plan's drill schedule and probe", access: "signed-in", params: planIdParamsSchema, paramExamples: missingPlan, response: { status: 200, description: "Drill settings", schema: drillSettingsSchema }, errors: [404] }),
  updateDrillSettings: declare({ method: "PUT", path: "/api/plans/{planId}/drill-settings", summary: "Set the plan's weekly drill schedule and the probe scheduled drills run", access: "admin", params: planIdParamsSchema, paramExamples: missingPlan, body: drillSettingsSchema, response: { status: 200, description: "Saved", schema: drillSettingsSchema }, errors: [404] }),
  listRegions: declare({ method: "GET", path: "/api/regions", summary: "The account's regions with policy and application-consistency support", access: "signed-in", response: { status: 200, description: "Regions", schema: regionListSchema }, errors: [503] }),
  listPolicies: declare({ method: "GET", path: "/api/regions/{regionId}/policies", summary: "The region's HBR backup policies", access: "signed-in", params: regionParamsSchema, paramExamples: region, response: { status: 200, description: "Policies", schema: policyListSchema }, errors: [404, 503] }),
  createPolicy: declare({ method: "POST", path: "/api/regions/{regionId}/policies", summary: "Create a backup policy from Start Time, Backup Interval, Retention Period and replication", access: "admin", params: regionParamsSchema, paramExamples: region, body: createPolicySchema, response: { status: 201, description: "Created", schema: policyDetailSchema }, errors: [404, 409, 503] }),
  getPolicy: declare({ method: "GET", path: "/api/regions/{regionId}/policies/{policyId}", summary: "A backup policy with its rules and every instance bound to it", access: "signed-in", params: policyParamsSchema, paramExamples: missingPolicy, response: { status: 200, description: "The policy", schema: policyDetailSchema }, errors: [404, 503] }),
  updatePolicy: declare({
    method: "PUT",
    path: "/api/regions/{regionId}/policies/{policyId}",
    summary: "New name and rules for a policy; the answer lists the bound instances that follow them (409 when they changed since acknowledgedInstanceIds)",
    access: "admin",
    params: policyParamsSchema,
    paramExamples: missingPolicy,
    body: updatePolicySchema,
    response: { status: 200, description: "Updated, with the affected instances", schema: policyUpdateResultSchema },
    errors: [404, 409, 503],
  }),
  deletePolicy: declare({
    method: "DELETE",
    path: "/api/regions/{regionId}/policies/{policyId}",
    summary: "Delete a policy that protects no instance; 409 with fieldErrors.boundInstances listing them otherwise",
    access: "admin",
    params: policyParamsSchema,
    paramExamples: missingPolicy,
    response: { status: 204, description: "Deleted" },
    errors: [404, 409, 503],
  }),
  listInstances: declare({
    method: "GET",
    path: "/api/regions/{regionId}/instances",
    summary: "One page of the region's ECS instances with disks and bindings",
    access: "signed-in",
    params: regionParamsSchema,
    paramExamples: region,
    query: instanceListQuerySchema,
    response: { status: 200, description: "Instances", schema: instanceListSchema },
    errors: [404, 503],
  }),
  instancePrerequisites: declare({
    method: "GET",
    path: "/api/regions/{regionId}/instances/{instanceId}/prerequisites",
    summary: "Live application-consistency checklist and predicted level",
    access: "signed-in",
    params: instanceParamsSchema,
    paramExamples: missingInstance,
    response: { status: 200, description: "Checklist", schema: prerequisitesSchema },
    errors: [404, 503],
  }),
  getInstance: declare({
    method: "GET",
    path: "/api/regions/{regionId}/instances/{instanceId}",
    summary: "One ECS instance, the plans that protect it and its recent backups with the level predicted and reached",
    access: "signed-in",
    params: instanceParamsSchema,
    paramExamples: missingInstance,
    response: { status: 200, description: "Instance", schema: instanceDetailSchema },
    errors: [404, 503],
  }),
  listInstanceTasks: declare({
    method: "GET",
    path: "/api/regions/{regionId}/instances/{instanceId}/tasks",
    summary: "The instance's recent one-click fixes and dry runs, newest first, with their steps",
    access: "signed-in",
    params: instanceParamsSchema,
    paramExamples: missingInstance,
    response: { status: 200, description: "Tasks", schema: instanceTaskListSchema },
  }),
  previewInstanceTask: declare({
    method: "POST",
    path: "/api/regions/{regionId}/instances/{instanceId}/tasks/preview",
    summary: "The steps and exact cloud calls a fix or dry run would make now (read-only look-ups)",
    access: "admin",
    params: instanceParamsSchema,
    paramExamples: missingInstance,
    body: instanceTaskRequestSchema,
    response: { status: 200, description: "Preview", schema: instanceTaskPreviewSchema },
    errors: [404, 503],
  }),
  createInstanceTask: declare({
    method: "POST",
    path: "/api/regions/{regionId}/instances/{instanceId}/tasks",
    summary: "Run a one-click fix or a dry run on the instance (carried out by the worker)",
    access: "admin",
    params: instanceParamsSchema,
    paramExamples: missingInstance,
    body: instanceTaskRequestSchema,
    response: { status: 202, description: "Task queued", schema: instanceTaskSchema },
    errors: [404, 409, 503],
  }),
  dashboard: declare({ method: "GET", path: "/api/dashboard", summary: "Plans by status, protected instances, jobs, consistency reached and RPO", access: "signed-in", query: dashboardQuerySchema, response: { status: 200, description: "Dashboard figures", schema: dashboardSchema } }),
  audit: declare({ method: "GET", path: "/api/audit", summary: "Who changed what and when, with before/after, filtered and paged", access: "signed-in", query: auditListQuerySchema, response: { status: 200, description: "One page of audit events, newest first", schema: auditListSchema } }),
  listJobs: declare({ method: "GET", path: "/api/jobs", summary: "Backup jobs across all plans, filtered and paged, newest first", access: "signed-in", query: jobListQuerySchema, response: { status: 200, description: "One page of backup jobs", schema: jobListSchema } }),
  exportJobs: declare({ method: "GET", path: "/api/jobs/export", summary: "The backup jobs the same filters match (newest 10,000) as CSV, as a download", access: "signed-in", query: jobFiltersSchema, response: { status: 200, description: "RFC 4180 CSV with a header row, as an attachment", raw: "text/csv" } }),
  listRestores: declare({ method: "GET", path: "/api/restores", summary: "Restores, newest first, filtered and paged", access: "signed-in", query: restoreListQuerySchema, response: { status: 200, description: "One page of restores", schema: restoreListSchema } }),
  createRestore: declare({
    method: "POST",
    path: "/api/restores",
    summary: "Restore a backup point: a new instance, the original rolled back, or disks (carried out by the worker)",
    access: "admin",
    body: createRestoreSchema,
    response: { status: 202, description: "Restore queued", schema: restoreSchema },
    errors: [404, 409, 503],
  }),
  getRestore: declare({ method: "GET", path: "/api/restores/{restoreId}", summary: "A restore with its steps, progress and result", access: "signed-in", params: restoreIdParamsSchema, paramExamples: missingRestore, response: { status: 200, description: "The restore", schema: restoreSchema }, errors: [404] }),
  retryRestore: declare({ method: "POST", path: "/api/restores/{restoreId}/retry", summary: "Resume a Failed restore at its first step not done", access: "admin", params: restoreIdParamsSchema, paramExamples: missingRestore, response: { status: 202, description: "Retry queued", schema: restoreSchema }, errors: [404, 409] }),
  cancelRestore: declare({ method: "POST", path: "/api/restores/{restoreId}/cancel", summary: "Cancel a Pending or Running restore (HBR's restore job too, when it exists)", access: "admin", params: restoreIdParamsSchema, paramExamples: missingRestore, response: { status: 202, description: "Cancellation under way", schema: restoreSchema }, errors: [404, 409] }),
  listBackupPoints: declare({ method: "GET", path: "/api/backup-points", summary: "Backup points the console made that have not expired, newest first (at most 100)", access: "signed-in", query: backupPointListQuerySchema, response: { status: 200, description: "Backup points", schema: backupPointListSchema } }),
  restoreOptions: declare({
    method: "GET",
    path: "/api/regions/{regionId}/restore-options",
    summary: "Zones, vSwitches, security groups and instance types a restore in the region may use",
    access: "signed-in",
    params: regionParamsSchema,
    paramExamples: region,
    query: restoreOptionsQuerySchema,
    response: { status: 200, description: "Choices", schema: restoreOptionsSchema },
    errors: [404, 503],
  }),
  // Alerts (lib/server/alerts): everyone reads; only admins change rules and channels.
  listAlerts: declare({ method: "GET", path: "/api/alerts", summary: "Open or resolved alerts, newest first, paged", access: "signed-in", query: alertListQuerySchema, response: { status: 200, description: "One page of alerts", schema: alertListSchema } }),
  listAlertRules: declare({ method: "GET", path: "/api/alerts/rules", summary: "Every alert rule, on or off, with its threshold", access: "signed-in", response: { status: 200, description: "The rules", schema: alertRulesSchema } }),
  updateAlertRules: declare({ method: "PUT", path: "/api/alerts/rules", summary: "Turn alert rules on or off and set the unprotected threshold", access: "admin", body: updateAlertRulesSchema, response: { status: 200, description: "The rules as saved", schema: alertRulesSchema } }),
  listAlertChannels: declare({ method: "GET", path: "/api/alerts/channels", summary: "Alert channels (never their URL path or secret) and whether SMTP is configured", access: "signed-in", response: { status: 200, description: "The channels", schema: channelListSchema } }),
  createAlertChannel: declare({ method: "POST", path: "/api/alerts/channels", summary: "Add a webhook or email channel; a webhook's signing secret is answered this once", access: "admin", body: createChannelSchema, response: { status: 201, description: "Created, with the webhook secret (shown once)", schema: createdChannelSchema }, errors: [409] }),
  updateAlertChannel: declare({ method: "PATCH", path: "/api/alerts/channels/{channelId}", summary: "Turn a channel on or off", access: "admin", params: channelParamsSchema, paramExamples: missingChannel, body: updateChannelSchema, response: { status: 200, description: "The channel", schema: channelSchema }, errors: [404] }),
  deleteAlertChannel: declare({ method: "DELETE", path: "/api/alerts/channels/{channelId}", summary: "Delete a channel and its delivery log", access: "admin", params: channelParamsSchema, paramExamples: missingChannel, response: { status: 204, description: "Deleted" }, errors: [404] }),
  testAlertChannel: declare({ method: "POST", path: "/api/alerts/channels/{channelId}/test", summary: "Send a test notice to a channel", access: "admin", params: channelParamsSchema, paramExamples: missingChannel, response: { status: 202, description: "Test delivery queued", schema: deliverySchema }, errors: [404] }),
  listAlertDeliveries: declare({ method: "GET", path: "/api/alerts/deliveries", summary: "The delivery log: each notice to each channel with its attempts and status codes", access: "signed-in", query: deliveryListQuerySchema, response: { status: 200, description: "One page of deliveries, newest first", schema: deliveryListSchema } }),
} as const;

export type ApiRouteName = keyof typeof apiRoutes;

/** Every declaration, in the order above (the OpenAPI document's order). */
export const apiRouteList: readonly ApiRoute[] = Object.values(apiRoutes);
