"use client";
import dynamic from "next/dynamic";
import { LoadingRows } from "@/components/layout/load-states";

// The backup points of a plan or instance and the restore dialog load after the page is interactive (everything
// comes from react-query), so react-hook-form, the zod schemas and the /api client stay out of the pages'
// first-load JS; the dialog's code loads only when an admin opens it. (The Restore Center: lazy-restores-panel.tsx.)

export const LazyBackupPointsSection = dynamic(() => import("@/components/restores/backup-points-section").then((m) => m.BackupPointsSection), {
  ssr: false,
  loading: () => <LoadingRows label="Loading backup points…" rows={3} className="grid gap-2 rounded-lg border border-slate-200 bg-white p-4" />,
});

export const LazyRestoreDialog = dynamic(() => import("@/components/restores/restore-dialog").then((m) => m.RestoreDialog), { ssr: false });
