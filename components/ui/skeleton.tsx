import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

/** A grey placeholder block; hidden from assistive tech, so pair it with a visible or sr-only "Loading…". */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded-md bg-slate-200", className)} {...props} />;
}
