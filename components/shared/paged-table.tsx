"use client";
import type { ReactNode } from "react";
import { Pager } from "@/components/ui/pager";
import { Table, TableBody, TableColumns } from "@/components/ui/table";

interface PagedTableProps {
  label: string;
  columns: readonly string[];
  /** The page shown, as the list API answered it. */
  data: { page: number; pageSize: number; total: number };
  /** A page change: the first page is the URL without `page`. */
  onPage: (page: string) => void;
  /** The rows of an earlier filter are shown while the new ones load. */
  isStale: boolean;
  children: ReactNode;
}

/** A list page's table with its pager below (the Jobs page, the audit log, the Restore Center). */
export function PagedTable({ label, columns, data, onPage, isStale, children }: PagedTableProps) {
  return (
    <div className="grid gap-3" aria-busy={isStale || undefined}>
      <Table label={label}>
        <TableColumns columns={columns} />
        <TableBody>{children}</TableBody>
      </Table>
      <Pager page={data.page} pageSize={data.pageSize} total={data.total} label={label} onPageChange={(page) => onPage(page === 1 ? "" : String(page))} />
    </div>
  );
}
