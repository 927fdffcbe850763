import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { auditRangeEnd, auditRangeStart, type AuditEvent, type AuditList, type AuditListQuery } from "@/lib/schemas/audit";
import type { Db } from "@/lib/server/db/client";

function whereOf(query: AuditListQuery): Prisma.AuditEventWhereInput {
  const at: Prisma.DateTimeFilter = {};
  if (query.from) at.gte = auditRangeStart(query.from);
  if (query.to) at.lt = auditRangeEnd(query.to);
  return {
    ...(query.actor
      ? { OR: [{ actorId: query.actor }, { actor: { email: { contains: query.actor, mode: "insensitive" } } }] }
      : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.targetType ? { targetType: query.targetType } : {}),
    ...(query.targetId ? { targetId: query.targetId } : {}),
    ...(query.from || query.to ? { at } : {}),
  };
}

type JsonObject = Record<string, unknown>;
const asObject = (value: unknown): JsonObject | null => (value && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : null);
const textAt = (key: string, ...sources: unknown[]): string | null => {
  for (const source of sources) {
    const value = asObject(source)?.[key];
    if (typeof value === "string" && value.trim()) return value;
  }
  return null;
};

/** The target's name as the event recorded it in its before/after, where its writer put one. */
function recordedName(row: { targetType: string; targetId: string; before: unknown; after: unknown }): string | null {
  switch (row.targetType) {
    case "user":
      return textAt("name", row.after, row.before) ?? textAt("email", row.after, row.before);
    case "plan":
      return textAt("name", row.after, row.before);
    case "policy":
      return textAt("policyName", row.after, row.before);
    case "instance": {
      // A restore onto an existing instance records it before; else the backup point's instance is the target.
      const point = asObject(asObject(row.after)?.backupPoint);
      return textAt("instanceName", row.before) ?? (point?.instanceId === row.targetId ? textAt("instanceName", point) : null);
    }
    default:
      return null;
  }
}

/**
 * The names of a page's targets, with one query per kind that has a table (users, plans, instances in plans),
 * whatever the page size; the event's own before/after fills in what is gone (a deleted plan, a policy).
 */
async function targetNames(db: Db, rows: { targetType: string; targetId: string; before: unknown; after: unknown }[]): Promise<(string | null)[]> {
  const idsOf = (type: string) => [...new Set(rows.filter((r) => r.targetType === type).map((r) => r.targetId))];
  const [userIds, planIds, instanceIds] = [idsOf("user"), idsOf("plan"), idsOf("instance")];
  const [users, plans, instances] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }) : [],
    planIds.length ? db.plan.findMany({ where: { id: { in: planIds } }, select: { id: true, name: true } }) : [],
    instanceIds.length
      ? db.planInstance.findMany({ where: { instanceId: { in: instanceIds } }, select: { instanceId: true, instanceName: true }, distinct: ["instanceId"] })
      : [],
  ]);
  const known = new Map<string, string>();
  for (const u of users) known.set(`user:${u.id}`, u.name.trim() || u.email);
  for (const p of plans) known.set(`plan:${p.id}`, p.name);
  for (const i of instances) if (i.instanceName && i.instanceName !== i.instanceId) known.set(`instance:${i.instanceId}`, i.instanceName);
  return rows.map((row) => {
    const stored = known.get(`${row.targetType}:${row.targetId}`);
    if (stored) return stored;
    const name = recordedName(row);
    return name && name !== row.targetId ? name : null;
  });
}

/** One page of audit events, newest first, filtered by actor, action, target and time. */
export async function listAudit(db: Db, query: AuditListQuery): Promise<AuditList> {
  const where = whereOf(query);
  const [rows, total] = await db.$transaction([
    db.auditEvent.findMany({
      where,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      include: { actor: { select: { id: true, name: true, email: true } } },
    }),
    db.auditEvent.count({ where }),
  ]);
  const names = await targetNames(db, rows);
  const events: AuditEvent[] = rows.map((row, index) => ({
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    targetName: names[index] ?? null,
    before: (row.before ?? null) as AuditEvent["before"],
    after: (row.after ?? null) as AuditEvent["after"],
    requestId: row.requestId,
  }));
  return { events, total, page: query.page, pageSize: query.pageSize };
}
