/** @type {import('next').NextConfig} */
const nextConfig = {
  // Benchmarks build into their own folder (NEXT_DIST_DIR=.next-bench) so they never race the console's build.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  typedRoutes: false,
  serverExternalPackages: ["pino", "pg-boss", "@alicloud/ecs20140526", "@alicloud/ram20150501", "@alicloud/openapi-core", "@alicloud/credentials"],
  devIndicators: false,
};
export default nextConfig;
