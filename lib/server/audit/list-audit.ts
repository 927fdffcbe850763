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
  const events: AuditEvent[] = rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    before: (row.before ?? null) as AuditEvent["before"],
    after: (row.after ?? null) as AuditEvent["after"],
    requestId: row.requestId,
  }));
  return { events, total, page: query.page, pageSize: query.pageSize };
}
