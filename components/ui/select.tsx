import type { ComponentProps } from "react";
import { controlClassName } from "@/components/ui/input";
import { cn } from "@/lib/utils";

/** A styled native select: keyboard, screen-reader and mobile behaviour come from the browser. */
export function Select({ className, ...props }: ComponentProps<"select">) {
  return <select className={cn(controlClassName, "cursor-pointer pr-8", className)} {...props} />;
}
