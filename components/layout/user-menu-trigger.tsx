import { ChevronDown, UserRound } from "lucide-react";

export const userMenuTriggerClassName =
  "flex cursor-pointer items-center gap-1 rounded-full p-0.5 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700";

/** What the user menu's trigger shows; the same before and after the menu's code has loaded. */
export function UserMenuTriggerFace() {
  return (
    <>
      {/* An icon, not initials: visible text would have to be part of the button's name "User menu". */}
      <span className="flex size-8 items-center justify-center rounded-full bg-blue-700 text-white">
        <UserRound className="size-4" aria-hidden="true" />
      </span>
      <ChevronDown className="size-4" aria-hidden="true" />
    </>
  );
}
