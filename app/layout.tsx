import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "HBR Console", template: "%s · HBR Console" },
  description: "Back up Alibaba Cloud ECS instances with Hybrid Backup Recovery.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: Next puts the nonce of the request's CSP (set in proxy.ts) on its scripts,
  // which a page prerendered at build time could not carry.
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
