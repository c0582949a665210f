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

const BCRYPT_MAX_BYTES = 72;

/**
 * The original system (Node bcrypt) used only the first 72 UTF-8 bytes of a password, while Bun
 * pre-hashes longer ones with SHA-512: cut them as the original did, or such accounts could never log in.
 * The cut may split a character, as it did there, so it is made on the bytes.
 */
function asHashed(password: string, hash: string): string | Uint8Array {
  if (!hash.startsWith('$2')) return password;
  const bytes = new TextEncoder().encode(password);
  return bytes.length > BCRYPT_MAX_BYTES ? bytes.subarray(0, BCRYPT_MAX_BYTES) : password;
}

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
  // Made on first use, not at start, where it cost a full argon2 hash of CPU before the first
  // request. Only the first unknown-account login of a process pays it: it tells nothing about
  // which accounts exist, and every later one costs the same as a known account's.
  let dummy: Promise<string> | undefined;
  return {
    hash: (password) => limited(() => Bun.password.hash(password, params)),
    verify: (password, hash) => limited(() => Bun.password.verify(asHashed(password, hash), hash).catch(() => false)),
    needsRehash: (hash) => !hash.startsWith(current),
    get dummyHash() {
      dummy ??= Bun.password.hash(crypto.randomUUID(), params);
      return dummy;
    },
  };
}
