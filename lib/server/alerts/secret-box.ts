import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getAuthSecret } from "@/lib/server/auth/secret";

// Channel secrets at rest (a webhook's URL and its signing secret): AES-256-GCM under a key derived with HKDF-SHA256
// from the console's auth secret (BETTER_AUTH_SECRET or DATA_DIR/auth-secret), so a database dump alone reveals
// neither. Sealed text: `v1.<iv>.<tag>.<ciphertext>`, each base64url; the channel id is bound in as associated data,
// so a cipher copied onto another channel does not open.
const VERSION = "v1";

function keyOf(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "hbr-console", "alert-channel-secrets v1", 32));
}

export function seal(plain: string, context: string, secret: string = getAuthSecret()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(secret), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function open(sealed: string, context: string, secret: string = getAuthSecret()): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("not a sealed channel secret");
  const decipher = createDecipheriv("aes-256-gcm", keyOf(secret), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
