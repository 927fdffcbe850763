import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";

// A cheap first gate for pages: no session cookie → the sign-in page, keeping where the user was going.
// The real check (valid, enabled session; role) happens in the console layout and in every route handler.
export function proxy(req: NextRequest) {
  if (getSessionCookie(req)) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = "";
  const next = req.nextUrl.pathname + req.nextUrl.search;
  if (next !== "/") url.searchParams.set("next", next);
  return NextResponse.redirect(url);
}

export const config = {
  // Everything but the API (its handlers answer 401 themselves), the sign-in page and static files.
  matcher: ["/((?!api/|sign-in|_next/|favicon.ico|robots.txt|.*\\.(?:svg|png|jpg|ico|css|js|txt)$).*)"],
};
