import { AppError } from './app-error';

/**
 * Runs at most `concurrency` jobs at once and queues up to `queueLimit` more; past that, callers
 * get 429 at once. Bounds the memory that expensive work (password hashing, image buffering)
 * can take under a flood.
 */
export function concurrencyLimit(opts: { concurrency: number; queueLimit: number; what: string }) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (active >= opts.concurrency) {
      if (waiting.length >= opts.queueLimit) {
        throw new AppError('TOO_MANY_REQUESTS', `Too many ${opts.what} in progress`, undefined, { 'Retry-After': '1' });
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      active++;
    }
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      // The slot passes straight to the next waiter, so `active` only drops when nobody waits.
      if (next) next();
      else active--;
    }
  };
}
