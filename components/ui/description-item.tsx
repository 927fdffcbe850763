import type { ReactNode } from "react";

/** One term and its value inside a `<dl>`. */
export function DescriptionItem({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-slate-700">{term}</dt>
      <dd className="text-slate-900">{children}</dd>
    </>
  );
}
