import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { open, seal } from "@/lib/server/alerts/secret-box";
import { LOG_REDACTION } from "@/lib/server/log/logger";

const KEY = "k".repeat(40);

describe("channel secrets at rest", () => {
  it("seal/open round-trips; the sealed text shows nothing of the secret and differs every time", () => {
    const secret = "whsec_abcdefghijklmnopqrstuvwxyz012345";
    const a = seal(secret, "ch_1:secret", KEY);
    const b = seal(secret, "ch_1:secret", KEY);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("abcdef");
    expect(open(a, "ch_1:secret", KEY)).toBe(secret);
  });

  it("does not open with another auth secret, on another channel, or once tampered with", () => {
    const sealed = seal("https://hooks.example/T/B/C", "ch_1:url", KEY);
    expect(() => open(sealed, "ch_1:url", "x".repeat(40))).toThrow();
    expect(() => open(sealed, "ch_2:url", KEY)).toThrow();
    const [v, iv, tag, body] = sealed.split(".");
    const flipped = Buffer.from(body!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => open([v, iv, tag, flipped.toString("base64url")].join("."), "ch_1:url", KEY)).toThrow();
  });

  it("the log redaction hides a channel's URL, secret and ciphers and the SMTP password", () => {
    const lines: string[] = [];
    const log = pino({ redact: LOG_REDACTION }, new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) }));
    log.info({ secret: "whsec_top", channel: { url: "https://oapi.dingtalk.com/robot/send?access_token=TOK", secret: "whsec_x", urlCipher: "v1.a", secretCipher: "v1.b" }, smtp: { auth: { pass: "PW" } } }, "channel");
    const text = lines.join("");
    for (const leaked of ["whsec_top", "TOK", "whsec_x", "v1.a", "v1.b", "PW"]) expect(text).not.toContain(leaked);
    expect(text).toContain("[redacted]");
  });
});
