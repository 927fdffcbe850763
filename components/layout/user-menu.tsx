"use client";
import { ChevronDown, LogOut, UserRound } from "lucide-react";
import { useState } from "react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Badge } from "@/components/ui/badge";
import { signOut } from "@/lib/client/auth";
import { errorMessageOf } from "@/lib/client/api-fetch";
import { roleLabels, type SessionUser } from "@/lib/schemas/user";

export function UserMenu({ user }: { user: SessionUser }) {
  const [isSigningOut, setIsSigningOut] = useState(false);
  const [error, setError] = useState<string | null>(null);

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
      <DropdownMenu>
        <DropdownMenuTrigger
          aria-label="User menu"
          className="flex cursor-pointer items-center gap-1 rounded-full p-0.5 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
        >
          {/* An icon, not initials: visible text would have to be part of the button's name "User menu". */}
          <span className="flex size-8 items-center justify-center rounded-full bg-blue-700 text-white">
            <UserRound className="size-4" aria-hidden="true" />
          </span>
          <ChevronDown className="size-4" aria-hidden="true" />
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
