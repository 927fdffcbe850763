"use client";
import { useState, type ComponentType } from "react";
import { useAfterHydration } from "@/components/layout/use-after-hydration";
import { UserMenuTriggerFace, userMenuTriggerClassName } from "@/components/layout/user-menu-trigger";
import type { UserMenuDropdown } from "@/components/layout/user-menu-dropdown";
import type { SessionUser } from "@/lib/schemas/user";

type Dropdown = typeof UserMenuDropdown extends ComponentType<infer P> ? ComponentType<P> : never;

/**
 * The top bar's user menu. Its code (Radix menu, sign-out, role labels) is not needed to paint or hydrate the
 * page, so it loads right after: until then the same trigger is a plain button, and a press on it opens the menu
 * as soon as the menu has loaded.
 */
export function UserMenu({ user }: { user: SessionUser }) {
  const [openOnLoad, setOpenOnLoad] = useState(false);
  const { Loaded: Menu, hadFocus, placeholderRef: buttonRef } = useAfterHydration<Dropdown, HTMLButtonElement>(() =>
    import("@/components/layout/user-menu-dropdown").then((m) => m.UserMenuDropdown),
  );

  if (Menu) return <Menu user={user} defaultOpen={openOnLoad} focusTrigger={hadFocus} />;
  return (
    <div className="flex items-center gap-3">
      <button
        ref={buttonRef}
        type="button"
        aria-label="User menu"
        aria-haspopup="menu"
        aria-expanded={false}
        className={userMenuTriggerClassName}
        onClick={() => setOpenOnLoad(true)}
      >
        <UserMenuTriggerFace />
      </button>
    </div>
  );
}
