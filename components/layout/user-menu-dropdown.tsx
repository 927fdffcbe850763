"use client";
import { LogOut } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Badge } from "@/components/ui/badge";
import { UserMenuTriggerFace, userMenuTriggerClassName } from "@/components/layout/user-menu-trigger";
import { signOut } from "@/lib/client/auth";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { roleLabels, type SessionUser } from "@/lib/schemas/user";

interface UserMenuDropdownProps {
  user: SessionUser;
  /** Opened at once: the user pressed the trigger before this code had loaded. */
  defaultOpen?: boolean;
  /** The trigger had focus before this code had loaded: keep it there. */
  focusTrigger?: boolean;
}

/** The user menu itself (Radix), loaded after the page is interactive; see user-menu.tsx. */
export function UserMenuDropdown({ user, defaultOpen = false, focusTrigger = false }: UserMenuDropdownProps) {
  const [isSigningOut, setIsSigningOut] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (focusTrigger && !defaultOpen) triggerRef.current?.focus();
  }, [focusTrigger, defaultOpen]);

  async function handleSignOut() {
    setIsSigningOut(true);
    setError(null);
    try {
      await signOut();
      // A full page load, so no cached data of this user survives in memory for the next one.
      window.location.replace("/sign-in");
    } catch (err) {
      setError(`Sign-out failed: ${errorMessageOf(err)}`);
      setIsSigningOut(false);
    }
  }

  return (
    <div className="flex items-center gap-3">
      {error ? (
        <p role="status" data-testid="sign-out-error" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <DropdownMenu defaultOpen={defaultOpen}>
        <DropdownMenuTrigger ref={triggerRef} aria-label="User menu" className={userMenuTriggerClassName}>
          <UserMenuTriggerFace />
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          <DropdownMenuLabel className="grid gap-0.5">
            <span className="font-medium text-slate-900">{user.name}</span>
            <span className="text-slate-600">{user.email}</span>
            <Badge tone={user.role === "admin" ? "info" : "neutral"} className="mt-1 w-fit">
              {roleLabels[user.role]}
            </Badge>
          </DropdownMenuLabel>
          <DropdownMenuSeparator />
          <DropdownMenuItem disabled={isSigningOut} onSelect={handleSignOut}>
            <LogOut aria-hidden="true" />
            Sign out
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}
