// Runs `run` at most once per `intervalMs`, never losing the last call: the first call of a quiet spell runs at once,
// calls within the interval after it are coalesced into one trailing run when the interval ends. The worker's alert
// evaluation is queued through this after every event (a job sync, a region sync, a restore …), so a burst of events
// makes two evaluations, not one per event; the trailing run sees the burst's last event.

export interface Coalesced {
  /** Asks for a run; resolves once the immediate run (if this call made one) was started and finished. */
  (): Promise<void>;
  /** Drops a pending trailing run (at shutdown). */
  cancel(): void;
}

export function coalesce(run: () => Promise<unknown>, intervalMs: number): Coalesced {
  let lastStart = -Infinity;
  let trailing: NodeJS.Timeout | null = null;
  let stopped = false;
  const start = async () => {
    lastStart = Date.now();
    await run();
  };
  const call = (async () => {
    if (stopped || trailing) return;
    const wait = lastStart + intervalMs - Date.now();
    if (wait <= 0) return start();
    trailing = setTimeout(() => {
      trailing = null;
      if (!stopped) void start();
    }, wait);
  }) as Coalesced;
  call.cancel = () => {
    stopped = true;
    if (trailing) clearTimeout(trailing);
    trailing = null;
  };
  return call;
}
