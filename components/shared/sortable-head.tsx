"use client";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { TableHead } from "@/components/ui/table";

/**
 * A column header of a list sorted on the server: a button when the column sorts (aria-sort says how, "none" while
 * another column sorts), plain text when it does not.
 */
export function SortableHead({ label, sorted, onSort }: { label: string; sorted: "asc" | "desc" | null | undefined; onSort?: () => void }) {
  if (!onSort) return <TableHead>{label}</TableHead>;
  const Icon = !sorted ? ArrowUpDown : sorted === "asc" ? ArrowUp : ArrowDown;
  return (
    <TableHead aria-sort={!sorted ? "none" : sorted === "asc" ? "ascending" : "descending"}>
      <button
        type="button"
        onClick={onSort}
        className="inline-flex cursor-pointer items-center gap-1 rounded-sm uppercase focus-visible:outline-2 focus-visible:outline-blue-700"
      >
        {label}
        <Icon className="size-3.5" aria-hidden="true" />
        <span className="sr-only">, sort</span>
      </button>
    </TableHead>
  );
}
