// The fixed security headers of every response, in one place: next.config.js gives them to everything Next serves
// (pages, API, static files), and the fast lane (instrumentation-fast-lane.ts) to the API reads it answers itself.
// The page CSP (with a per-request nonce) and HSTS (only when PUBLIC_URL is https, known at run time) come from
// proxy.ts, and HSTS on the fast lane from there too.

/** On every response. */
export const everywhereHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  {
    key: "Permissions-Policy",
    value: "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()",
  },
];

/** JSON and static files never need to run or load anything, nor be framed. */
export const noContentHeader = { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" };
