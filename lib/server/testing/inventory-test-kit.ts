import "server-only";
import { afterAll, beforeAll, expect } from "vitest";
import type { RunningEmulator } from "@/emulator/server";
import { createCloudClients, type CloudClients } from "@/lib/server/cloud/clients";
import { startTestEmulator } from "@/lib/server/testing/emulator";

/** Instances of the default scenario (emulator/scenario/default-scenario.ts) the inventory tests rely on. */
export const demo = {
  sgMysql: "i-t4ndemo000000001", // CentOS 7.9, ESSD, scripts 700 root → APPLICATION
  sgWin2019: "i-t4ndemo000000002", // Windows Server 2019 → APPLICATION
  sgUbuntuNoScripts: "i-t4ndemo000000005", // no scripts → FILE_SYSTEM
  sgAlinuxMode755: "i-t4ndemo000000006", // scripts 0755 → FILE_SYSTEM
  sgCentos76Admin: "i-t4ndemo000000007", // scripts owned by admin → FILE_SYSTEM
  sgCentos75: "i-t4ndemo000000008", // OS too old → CRASH
  sgEfficiency: "i-t4ndemo000000009", // cloud_efficiency disks → CRASH
  sgBtrfs: "i-t4ndemo000000010", // btrfs → CRASH
  sgNoRole: "i-t4ndemo000000011", // no RAM role → CRASH
  sgStopped: "i-t4ndemo000000012", // Stopped → CRASH
  hkRoleNoPolicy: "i-j6cdemo000000005", // role without policy → CRASH
  hkAgentStopped: "i-j6cdemo000000006", // Cloud Assistant stopped → CRASH
  hkAgentAbsent: "i-j6cdemo000000007", // Cloud Assistant absent → CRASH
  hkWinAgentAbsent: "i-j6cdemo000000008", // Windows without agent → CRASH
  hkPrescriptOnly: "i-j6cdemo000000010", // post-thaw script missing → FILE_SYSTEM
  shOracle: "i-uf6demo000000001", // Shanghai: region not supported → CRASH
} as const;

export interface InventoryTestKit {
  emulator: RunningEmulator;
  cloud: CloudClients;
  /** Calls the emulator's admin API (`/__emulator/<path>`) and returns its JSON. */
  admin: <T = unknown>(path: string, method?: string, body?: unknown) => Promise<T>;
}

/** The real emulator in this process with the default scenario, and fresh cloud clients pointed at it. */
export async function startInventoryEmulator(): Promise<InventoryTestKit> {
  const { emulator, env } = await startTestEmulator();
  const admin = async <T,>(path: string, method = "GET", body?: unknown): Promise<T> => {
    const res = await fetch(`${emulator.url}/__emulator/${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.ok, `${method} ${path}`).toBe(true);
    return (await res.json()) as T;
  };
  return { emulator, cloud: createCloudClients(env), admin };
}

/** Registers the suite's hooks: one emulator for the file, stopped after it. The kit is filled in before the tests run. */
export function setUpInventoryEmulator(): InventoryTestKit {
  const kit = {} as InventoryTestKit;
  beforeAll(async () => {
    Object.assign(kit, await startInventoryEmulator());
  });
  afterAll(() => kit.emulator?.stop());
  return kit;
}
