"use client";
import dynamic from "next/dynamic";
import { LoadingRows } from "@/components/layout/load-states";
import { PageSkeleton } from "@/components/layout/page-skeleton";

// The Restore Center, the backup points of a plan or instance, and the restore dialog load after the page is
// interactive (everything comes from react-query), so react-hook-form, the zod schemas and the /api client stay
// out of the pages' first-load JS; the dialog's code loads only when an admin opens it.

export const LazyRestoresPanel = dynamic(() => import("@/components/restores/restores-panel").then((m) => m.RestoresPanel), {
  ssr: false,
  loading: () => <PageSkeleton title="Restore Center" />,
});

export const LazyBackupPointsSection = dynamic(() => import("@/components/restores/backup-points-section").then((m) => m.BackupPointsSection), {
  ssr: false,
  loading: () => <LoadingRows label="Loading backup points…" rows={3} className="grid gap-2 rounded-lg border border-slate-200 bg-white p-4" />,
});

export const LazyRestoreDialog = dynamic(() => import("@/components/restores/restore-dialog").then((m) => m.RestoreDialog), { ssr: false });
