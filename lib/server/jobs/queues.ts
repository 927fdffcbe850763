import "server-only";
import { z } from "zod";

// Every job type the worker knows: its queue name and the schema of its payload. Later issues add entries here
// and a handler in ./handlers.
export const heartbeatPayloadSchema = z.object({
  workerId: z.string().min(1),
  hostname: z.string(),
  pid: z.number().int(),
  startedAt: z.iso.datetime(),
});
export type HeartbeatPayload = z.infer<typeof heartbeatPayloadSchema>;

export const queues = {
  heartbeat: { name: "system.heartbeat", payload: heartbeatPayloadSchema },
} as const;

export type QueueName = (typeof queues)[keyof typeof queues]["name"];
