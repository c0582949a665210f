import { expect, test } from 'bun:test';
import { AppError } from '@greencommerce/http';
import { createPasswordHasher } from '../src/passwords/password-hasher';

// Pure logic with the real argon2id: how many hashes run at once, and what happens past the queue.
test('at most `concurrency` hashes run at once; past the queue limit callers get 429 at once', async () => {
  const hasher = createPasswordHasher({ memoryKib: 19456, timeCost: 2, concurrency: 1, queueLimit: 2 });
  const hash = await hasher.hash('secret password');
  let running = 0;
  let peak = 0;
  const original = Bun.password.verify;
  Bun.password.verify = async (...args: Parameters<typeof original>) => {
    running++;
    peak = Math.max(peak, running);
    try {
      return await original(...args);
    } finally {
      running--;
    }
  };
  try {
    const calls = Array.from({ length: 4 }, () => hasher.verify('secret password', hash).catch((e) => e));
    const results = await Promise.all(calls);
    expect(peak).toBe(1);
    expect(results.slice(0, 3)).toEqual([true, true, true]);
    expect(results[3]).toBeInstanceOf(AppError);
    expect((results[3] as AppError).status).toBe(429);
    // The slots are all free again afterwards.
    expect(await hasher.verify('secret password', hash)).toBe(true);
  } finally {
    Bun.password.verify = original;
  }
});

test('argon2id at the configured parameters; bcrypt and weaker argon2 need a rehash', async () => {
  const hasher = createPasswordHasher({ memoryKib: 19456, timeCost: 2, concurrency: 2, queueLimit: 10 });
  const hash = await hasher.hash('pw');
  expect(hash).toStartWith('$argon2id$v=19$m=19456,t=2,p=1$');
  expect(hasher.needsRehash(hash)).toBe(false);
  expect(hasher.needsRehash(await Bun.password.hash('pw', { algorithm: 'bcrypt', cost: 4 }))).toBe(true);
  expect(
    hasher.needsRehash(await Bun.password.hash('pw', { algorithm: 'argon2id', memoryCost: 8192, timeCost: 1 })),
  ).toBe(true);
  expect(await hasher.verify('pw', 'not a hash at all')).toBe(false);
});

test('the dummy hash for unknown accounts is made on first use, not when the service starts', async () => {
  const original = Bun.password.hash;
  let calls = 0;
  Bun.password.hash = (...args: Parameters<typeof original>) => {
    calls++;
    return original(...args);
  };
  try {
    const hasher = createPasswordHasher({ memoryKib: 19456, timeCost: 2, concurrency: 1, queueLimit: 2 });
    expect(calls).toBe(0);
    const dummy = await hasher.dummyHash;
    expect(dummy).toStartWith('$argon2id$');
    expect(await hasher.dummyHash).toBe(dummy);
    expect(calls).toBe(1);
  } finally {
    Bun.password.hash = original;
  }
});

test('hashing and verifying run off the event loop: timers keep firing while argon2id works', async () => {
  // Bun.password's async functions run on a worker thread; a hash on the main thread would hold every
  // request of the process for its whole duration (tens of ms each at these parameters).
  const hasher = createPasswordHasher({ memoryKib: 19456, timeCost: 2, concurrency: 2, queueLimit: 10 });
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 1);
  try {
    const hash = await hasher.hash('secret password');
    const whileHashing = ticks;
    expect(await hasher.verify('secret password', hash)).toBe(true);
    // Blocking work would let no timer run before its promise settled: the count would stay 0.
    expect(whileHashing).toBeGreaterThan(0);
    expect(ticks).toBeGreaterThan(whileHashing);
  } finally {
    clearInterval(ticker);
  }
});
