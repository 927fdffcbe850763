import "server-only";
import nodemailer from "nodemailer";
import type { Env } from "@/lib/server/env";
import type { AttemptOutcome } from "@/lib/server/alerts/webhook";

// Email channels over SMTP (nodemailer), configured by SMTP_HOST, SMTP_PORT, SMTP_SECURE, SMTP_USER, SMTP_PASSWORD
// and SMTP_FROM (lib/server/env.ts, .env.example).

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
}

export function smtpConfigOf(env: Env): SmtpConfig | null {
  if (!env.SMTP_HOST) return null;
  return { host: env.SMTP_HOST, port: env.SMTP_PORT, secure: env.SMTP_SECURE, user: env.SMTP_USER, password: env.SMTP_PASSWORD, from: env.SMTP_FROM };
}

export async function sendEmail(smtp: SmtpConfig | null, mail: { to: string[]; subject: string; text: string; html: string }): Promise<AttemptOutcome> {
  if (!smtp) return { ok: false, statusCode: null, permanent: false, error: "SMTP is not configured on the server (set SMTP_HOST)." };
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    const info = await transport.sendMail({ from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    const code = Number(/^(\d{3})/.exec(String(info.response ?? ""))?.[1] ?? 250);
    return { ok: true, statusCode: code, permanent: false, error: null };
  } catch (err) {
    const e = err as Error & { responseCode?: number; code?: string };
    // 5xx from the server (a refused recipient, a refused login) will not change on a retry.
    const permanent = typeof e.responseCode === "number" && e.responseCode >= 500 && e.responseCode < 600;
    return { ok: false, statusCode: e.responseCode ?? null, permanent, error: `The email could not be sent: ${e.message}` };
  } finally {
    transport.close();
  }
}
