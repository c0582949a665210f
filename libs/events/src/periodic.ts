export type PeriodicOptions = {
  /** The wait between the end of one run and the start of the next. */
  intervalMs: number;
  /** The wait before the first run; none by default. */
  firstRunAfterMs?: number;
  run: () => Promise<unknown>;
  /** A failed run is reported here and the loop goes on: the next run may succeed. */
  onError?: (err: unknown) => void;
};

/**
 * When maintenance (housekeeping, sweepers) first runs after a service starts: not at once, where
 * its queries competed with the start and its first requests (bun:sqlite's run on the event loop),
 * and never later than its own interval.
 */
export const maintenanceFirstRunAfterMs = (intervalMs: number) => Math.min(intervalMs, 5_000);

/**
 * Runs `run` (after firstRunAfterMs) and then every intervalMs until stopped; one run at a time.
 * stop() wakes a loop that is waiting and returns once a run in flight has ended: it never waits
 * out an interval.
 */
export function startPeriodic(opts: PeriodicOptions): { stop(): Promise<void> } {
  let running = true;
  let wake = () => {};
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  const loop = (async () => {
    if (opts.firstRunAfterMs) await sleep(opts.firstRunAfterMs);
    while (running) {
      try {
        await opts.run();
      } catch (err) {
        opts.onError?.(err);
      }
      // stop() during that run woke nothing (no timer yet): without this check a stopping process
      // would wait out a whole interval before exiting.
      if (!running) break;
      await sleep(opts.intervalMs);
    }
  })();
  return {
    async stop() {
      running = false;
      wake();
      await loop;
    },
  };
}
