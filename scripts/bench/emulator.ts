import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { $Ecs, createCloudClients } from "@/lib/server/cloud/clients";
import { parseEnv } from "@/lib/server/env";
import { freePort, waitForPort } from "../lib/ports";
import { pct } from "./load";

const BULK_REGION = "ap-northeast-1"; // the default scenario's 5,000-instance region

/**
 * Signed DescribeInstances through the console's own typed client against the emulator program (a separate
 * process, as under `npm start`): throughput at concurrency 32, and first-page latency over 5,000 instances.
 */
export async function benchEmulator(): Promise<void> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hbr-bench-emu-"));
  const child = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts", "--in-memory"], {
    env: { ...process.env, EMULATOR_PORT: String(port), DATA_DIR: dataDir },
    stdio: "ignore",
  });
  try {
    await waitForPort(port, "127.0.0.1", () => child.exitCode === null);
    const env = parseEnv({ ...process.env, EMULATOR_PORT: String(port), CLOUD_MAX_ATTEMPTS: "1" });
    const ecs = createCloudClients(env).ecs(BULK_REGION);
    const firstPage = () => ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: BULK_REGION, pageNumber: 1, pageSize: 50 }));

    const total = (await firstPage()).body?.totalCount ?? 0;
    const latencies: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await firstPage();
      latencies.push(performance.now() - t);
    }
    latencies.sort((a, b) => a - b);
    console.log(`emulator.describe_instances_first_page_ms p50=${pct(latencies, 50).toFixed(1)} p99=${pct(latencies, 99).toFixed(1)} (page of 50 over ${total} instances)`);

    const small = () => ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: BULK_REGION, pageNumber: 1, pageSize: 10 }));
    const concurrency = 32;
    const durationMs = 5000;
    let done = 0;
    let failed = 0;
    const deadline = performance.now() + durationMs;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          try {
            await small();
            done++;
          } catch {
            failed++;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`emulator.signed_describe_instances_rps=${(done / seconds).toFixed(0)} (concurrency ${concurrency}, ${done} ok, ${failed} failed in ${seconds.toFixed(1)} s; goal >= 2000)`);
  } finally {
    child.kill("SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
