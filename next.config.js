import { everywhereHeaders, noContentHeader } from "./lib/security-headers.js";

// Headers for every response: pages, API and Next's static files (lib/security-headers.js).
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
      { source: "/:path*", headers: everywhereHeaders },
      { source: "/api/:path*", headers: [noContentHeader] },
      { source: "/_next/static/:path*", headers: [noContentHeader] },
    ];
  },
};
export default nextConfig;
