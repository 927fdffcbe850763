// The CSP has no 'unsafe-eval': without jitless, zod's first object parse in the browser probes `new Function` (a CSP
// violation) before falling back to what jitless does anyway.
//
// zod keeps its global config on globalThis.__zod_globalConfig (one object for every copy of zod in the page) and
// uses the object it finds there, so setting the flag needs no zod code at all: importing zod's `config` into the
// root layout would put zod into every page's first-load JS, even pages that never parse. zod-csp.test.ts proves
// that zod still reads this object, whichever loads first.

interface ZodGlobal {
  __zod_globalConfig?: { jitless?: boolean };
}

/** Makes every zod in this page parse without `new Function`, before or after zod has loaded. */
export function configureZodWithoutEval(): void {
  const scope = globalThis as ZodGlobal;
  (scope.__zod_globalConfig ??= {}).jitless = true;
}
