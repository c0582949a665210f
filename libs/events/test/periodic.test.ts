import { expect, test } from 'bun:test';
import { maintenanceFirstRunAfterMs, startPeriodic } from '../src/index';

const HOUR = 3_600_000;

/** A promise with its resolve, to hold a run open or wait for one. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

test('runs at once; stop() during a run returns when the run ends and runs nothing more', async () => {
  // A loop that slept again after a stop that came mid-run would wait out the hour: this test's timeout.
  const started = gate();
  const release = gate();
  let runs = 0;
  const loop = startPeriodic({
    intervalMs: HOUR,
    run: async () => {
      runs++;
      started.open();
      await release.opened;
    },
  });
  await started.opened;
  const stopped = loop.stop();
  release.open();
  await stopped;
  expect(runs).toBe(1);
});

test('stop() while waiting for the next run wakes the loop', async () => {
  const ran = gate();
  let runs = 0;
  const loop = startPeriodic({
    intervalMs: HOUR,
    run: async () => {
      runs++;
      ran.open();
    },
  });
  await ran.opened;
  await loop.stop();
  expect(runs).toBe(1);
});

test('a failed run goes to onError and the loop runs again', async () => {
  const second = gate();
  const errors: unknown[] = [];
  let runs = 0;
  const loop = startPeriodic({
    intervalMs: 1,
    run: async () => {
      runs++;
      if (runs === 1) throw new Error('boom');
      second.open();
    },
    onError: (err) => errors.push(err),
  });
  await second.opened;
  await loop.stop();
  expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
  expect(runs).toBeGreaterThanOrEqual(2);
});

test('with firstRunAfterMs the first run waits for it; stop() during that wait returns at once and runs nothing', async () => {
  let runs = 0;
  const waiting = startPeriodic({ intervalMs: HOUR, firstRunAfterMs: HOUR, run: async () => void runs++ });
  await Bun.sleep(20);
  await waiting.stop();
  expect(runs).toBe(0);

  const ran = gate();
  const soon = startPeriodic({ intervalMs: HOUR, firstRunAfterMs: 30, run: async () => ran.open() });
  const t0 = performance.now();
  await ran.opened;
  expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
  await soon.stop();
});

test('maintenance waits a few seconds after a start, never longer than its own interval', () => {
  expect(maintenanceFirstRunAfterMs(300_000)).toBe(5_000);
  expect(maintenanceFirstRunAfterMs(1_000)).toBe(1_000);
});
