// npm run bench: prints figures (never pass/fail). Each benchmark prints `name=value` lines.
import { benchStartup } from "./startup";

console.log(`hbr-console benchmarks — node ${process.version}, ${(await import("node:os")).cpus().length} cores`);
await benchStartup();
