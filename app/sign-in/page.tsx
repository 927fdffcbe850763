import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { ShieldCheck } from "lucide-react";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getSessionUser } from "@/lib/server/auth/session";
import { safeNextPath } from "@/lib/utils";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const next = safeNextPath((await searchParams).next);
  if (await getSessionUser(await headers())) redirect(next ?? "/dashboard");
  return (
    <main className="flex min-h-dvh items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <div className="mb-6 grid justify-items-center gap-2 text-center">
          <ShieldCheck className="size-8 text-blue-700" aria-hidden="true" />
          <h1 className="text-xl font-semibold text-slate-900">Sign in to HBR Console</h1>
          <p className="text-sm text-slate-600">Ask an admin for an account.</p>
        </div>
        <SignInForm next={next} />
      </div>
    </main>
  );
}
