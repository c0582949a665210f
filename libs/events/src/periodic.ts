export type PeriodicOptions = {
  /** The wait between the end of one run and the start of the next. */
  intervalMs: number;
  run: () => Promise<unknown>;
  /** A failed run is reported here and the loop goes on: the next run may succeed. */
  onError?: (err: unknown) => void;
};

/**
 * Runs `run` now and then every intervalMs until stopped; one run at a time. stop() wakes a loop
 * that is waiting and returns once a run in flight has ended: it never waits out an interval.
 */
export function startPeriodic(opts: PeriodicOptions): { stop(): Promise<void> } {
  let running = true;
  let wake = () => {};
  const loop = (async () => {
    while (running) {
      try {
        await opts.run();
      } catch (err) {
        opts.onError?.(err);
      }
      // stop() during that run woke nothing (no timer yet): without this check a stopping process
      // would wait out a whole interval before exiting.
      if (!running) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, opts.intervalMs);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
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
