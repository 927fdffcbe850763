import path from "node:path";

/**
 * The production web process as every starter runs it (npm start, chaos, benches): one place, so a change to how
 * the web server starts reaches them all. `node <args>` with PORT/HOST and the console's env.
 */
export function webArgs(opts: { port: number; host: string }): string[] {
  return [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(opts.port), "-H", opts.host];
}
