"use client";
import { useEffect } from "react";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";

interface PageErrorProps {
  error: unknown;
  /** Re-fetches the segment from the server and renders it again. */
  retry: () => void;
}

/** The body of every route's error.tsx. Server errors arrive without their message, only a digest to quote. */
export function PageError({ error, retry }: PageErrorProps) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <div>
      <PageHeader title="Something went wrong" />
      <Callout tone="danger" className="grid gap-3">
        <p>This page could not be loaded. Try again; if it keeps failing, tell an admin.</p>
        {digest ? <p className="font-mono text-xs">Reference: {digest}</p> : null}
        <div>
          <Button variant="secondary" onClick={() => retry()}>
            Try again
          </Button>
        </div>
      </Callout>
    </div>
  );
}
