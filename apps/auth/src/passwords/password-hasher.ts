import { concurrencyLimit } from '@greencommerce/http';

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
  const limited = concurrencyLimit({
    concurrency: opts.concurrency,
    queueLimit: opts.queueLimit,
    what: 'password checks',
  });
  const params = { algorithm: 'argon2id', memoryCost: opts.memoryKib, timeCost: opts.timeCost } as const;
  const current = `$argon2id$v=19$m=${opts.memoryKib},t=${opts.timeCost},p=1$`;
  return {
    hash: (password) => limited(() => Bun.password.hash(password, params)),
    verify: (password, hash) => limited(() => Bun.password.verify(password, hash).catch(() => false)),
    needsRehash: (hash) => !hash.startsWith(current),
    dummyHash: Bun.password.hash(crypto.randomUUID(), params),
  };
}
