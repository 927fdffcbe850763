"use client";
import { useEffect } from "react";
import "./globals.css";

// Replaces the root layout when it fails, so it brings its own document and title.
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <html lang="en">
      <body>
        <title>Something went wrong · HBR Console</title>
        <main className="flex min-h-dvh items-center justify-center p-6">
          <div className="grid max-w-md gap-4 text-center">
            <h1 className="text-2xl font-semibold text-slate-900">Something went wrong</h1>
            <p className="text-slate-600">HBR Console could not be loaded. Try again; if it keeps failing, tell an admin.</p>
            <div>
              <button
                type="button"
                onClick={() => retry()}
                className="h-9 cursor-pointer rounded-md bg-blue-700 px-4 text-sm font-medium text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
              >
                Try again
              </button>
            </div>
          </div>
        </main>
      </body>
    </html>
  );
}
