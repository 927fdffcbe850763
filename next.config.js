// Headers for every response: pages, API and Next's static files. The page CSP (with a per-request nonce) and
// HSTS (only when PUBLIC_URL is https, known at run time) come from proxy.ts; these are fixed at build time.
const everywhere = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  {
    key: "Permissions-Policy",
    value: "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()",
  },
];
// JSON and static files never need to run or load anything, nor be framed.
const noContent = { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" };

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Benchmarks build into their own folder (NEXT_DIST_DIR=.next-bench) so they never race the console's build.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // NEXT_SKIP_TYPECHECK=1 skips Next's type check: set by the build npm start makes (scripts/lib/build.ts) and the
  // bundle bench, which need a runnable build, not a verdict on types. `npm test` type-checks (tsc) and its own
  // build never sets it.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === "1" },
  // The bundle bench's BUNDLE_BENCH_MAPS=1 (which package fills which chunk); off for every real build.
  productionBrowserSourceMaps: process.env.NEXT_BROWSER_SOURCEMAPS === "1",
  poweredByHeader: false,
  typedRoutes: false,
  serverExternalPackages: ["pino", "pg-boss", "@alicloud/ecs20140526", "@alicloud/ram20150501", "@alicloud/openapi-core", "@alicloud/credentials"],
  devIndicators: false,
  async headers() {
    return [
      { source: "/:path*", headers: everywhere },
      { source: "/api/:path*", headers: [noContent] },
      { source: "/_next/static/:path*", headers: [noContent] },
    ];
  },
};
export default nextConfig;
