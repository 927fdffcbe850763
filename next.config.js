/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  typedRoutes: false,
  serverExternalPackages: ["pino", "pg-boss", "@alicloud/ecs20140526", "@alicloud/ram20150501", "@alicloud/openapi-core", "@alicloud/credentials"],
  devIndicators: false,
};
export default nextConfig;
