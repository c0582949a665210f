import { AppError } from '@greencommerce/http';

export type HasherOptions = { memoryKib: number; timeCost: number; concurrency: number; queueLimit: number };

export type PasswordHasher = {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  /** True for bcrypt hashes from the original system, or argon2id below the current parameters. */
  needsRehash(hash: string): boolean;
  /** A hash of nothing anyone knows, verified against when the account does not exist. */
  dummyHash: Promise<string>;
};

/**
 * argon2id through Bun.password, with a bounded number of hashes in flight and a bounded queue,
 * so that a login flood costs a fixed amount of memory instead of memoryKib per request.
 */
export function createPasswordHasher(opts: HasherOptions): PasswordHasher {
  let active = 0;
  const waiting: (() => void)[] = [];
  const limited = async <T>(work: () => Promise<T>): Promise<T> => {
    if (active >= opts.concurrency) {
      if (waiting.length >= opts.queueLimit) {
        throw new AppError('TOO_MANY_REQUESTS', 'Too many password checks in progress', undefined, {
          'Retry-After': '1',
        });
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
  const params = { algorithm: 'argon2id', memoryCost: opts.memoryKib, timeCost: opts.timeCost } as const;
  const current = `$argon2id$v=19$m=${opts.memoryKib},t=${opts.timeCost},p=1$`;
  return {
    hash: (password) => limited(() => Bun.password.hash(password, params)),
    verify: (password, hash) => limited(() => Bun.password.verify(password, hash).catch(() => false)),
    needsRehash: (hash) => !hash.startsWith(current),
    dummyHash: Bun.password.hash(crypto.randomUUID(), params),
  };
}
