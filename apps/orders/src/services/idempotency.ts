import {
  type Db,
  deleteIdempotencyKey,
  findIdempotencyKey,
  type IdempotencyKeyRow,
  insertIdempotencyKey,
  isUniqueViolation,
  type Runner,
  storeIdempotentResponse,
  type Trx,
  toDate,
} from '@greencommerce/db';
import { AppError } from '@greencommerce/http';

/** JSON with object keys sorted at every depth: two bodies that mean the same hash the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 (hex) of the request as validated (defaults applied, unknown fields dropped): the same key
 * with a body that means the same thing replays; with another, it is a 422.
 */
export const requestHash = (input: unknown) => new Bun.CryptoHasher('sha256').update(canonical(input)).digest('hex');

/** Keys are kept, and honoured, this long. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

const ATTEMPTS = 5;

/** Thrown inside the claiming transaction when another request holds the key: go and read what it left. */
class KeyTaken extends Error {}

/**
 * Thrown by `finish` when what the key's first request started is gone and its key was freed with it
 * (a refund the provider refused): this request starts over and claims the key itself.
 */
export class StartOver extends Error {}

export type IdempotentRequest<Claimed, Answer> = {
  db: Db;
  /** Keys are scoped to the caller: another user's same key is another key. */
  userId: number;
  key: string;
  /** requestHash of what the request means: the same key with another meaning is a 422. */
  hash: string;
  /** What the key row points at, so a retry finds the work (checkout: its order; a refund: its order and refund). */
  refs: { orderId?: string; refundId?: string };
  /** Runs `work` in a transaction (isolation, lock-race retries are the caller's). */
  transaction: <T>(work: (trx: Trx) => Promise<T>) => Promise<T>;
  /**
   * The rest of the transaction whose first statement claims the key; throwing rolls the claim back
   * (nothing stored, the key is free). A claim that has its answer already (no provider call left)
   * gives it to `answer`, which stores it in this transaction through `db` (the transaction, or a
   * batch of its writes): `finish` is then skipped.
   */
  claim: (trx: Trx, answer: (db: Runner, answer: Answer) => Promise<void>) => Promise<Claimed>;
  /** The key was claimed and answers nothing yet (an outage, a crash, a twin still running): what its claim left. */
  resume: (row: IdempotencyKeyRow) => Promise<Claimed>;
  /** Outside any transaction: the rest of the work (a provider call). Its answer is stored under the key. */
  finish: (claimed: Claimed) => Promise<Answer>;
  /** The HTTP status stored with the answer. */
  status: number;
  /** The 422's message: the key was used before with a different request. */
  reused: string;
};

/**
 * Runs a request once per (caller, Idempotency-Key); checkout and admin refunds both go through it.
 *
 * 1. One transaction, its first statement claiming the key (a concurrent twin waits on it on MySQL,
 *    on the write lock on SQLite, then finds it taken), then `claim`. A failure rolls both back. A
 *    claim that answers in it commits its answer with it, and the request is done.
 * 2. A key already used: another meaning is a 422; a stored answer is replayed; a claim not yet
 *    answered is resumed (`resume`, then 3). A key past its 24 h is free again.
 * 3. Outside any lock: `finish`, and its answer stored; every request with the key answers what was
 *    stored first. `finish` failing stores nothing: the same key resumes at 3, unless a twin stored
 *    an answer meanwhile, which is then this request's too.
 */
export async function idempotent<Claimed, Answer>(r: IdempotentRequest<Claimed, Answer>): Promise<Answer> {
  const { db, userId, key, hash } = r;
  for (let attempt = 1; ; attempt++) {
    let claimed: Claimed;
    try {
      let answered: { answer: Answer } | undefined;
      // Most requests use a new key: claiming it is the transaction's first statement, no read before.
      claimed = await r.transaction(async (trx) => {
        answered = undefined; // a transaction retried after a deadlock starts over
        try {
          await insertIdempotencyKey(trx, { userId, key, requestHash: hash, ...r.refs });
        } catch (err) {
          if (isUniqueViolation(err)) throw new KeyTaken();
          throw err;
        }
        return r.claim(trx, async (db, answer) => {
          // The key was inserted by this transaction: nothing else can have answered it.
          await storeIdempotentResponse(db, userId, key, r.status, JSON.stringify(answer));
          answered = { answer };
        });
      });
      if (answered) return answered.answer;
    } catch (err) {
      if (!(err instanceof KeyTaken) || attempt >= ATTEMPTS) throw err;
      const existing = await findIdempotencyKey(db, userId, key);
      if (!existing) continue; // its request failed and rolled back meanwhile: the key is free again
      if (toDate(existing.created_at).getTime() < Date.now() - IDEMPOTENCY_TTL_MS) {
        // Past its 24 h the key is free again (the sweeper would delete it anyway).
        await deleteIdempotencyKey(db, userId, key, new Date(Date.now() - IDEMPOTENCY_TTL_MS));
        continue;
      }
      if (existing.request_hash !== hash) throw new AppError('UNPROCESSABLE', r.reused);
      if (existing.response_body !== null) return JSON.parse(existing.response_body) as Answer;
      claimed = await r.resume(existing);
    }
    let answer: Answer;
    try {
      answer = await r.finish(claimed);
    } catch (err) {
      if (err instanceof StartOver && attempt < ATTEMPTS) continue;
      // A twin that finished first stored the key's answer (its order closed since, say): that is
      // this request's answer too, as it is for every later one with the key.
      const stored = await findIdempotencyKey(db, userId, key).catch(() => undefined);
      if (stored?.response_body) return JSON.parse(stored.response_body) as Answer;
      throw err;
    }
    if (await storeIdempotentResponse(db, userId, key, r.status, JSON.stringify(answer))) return answer;
    // A concurrent twin stored first: every request with this key answers what it stored.
    const stored = await findIdempotencyKey(db, userId, key);
    return stored?.response_body ? (JSON.parse(stored.response_body) as Answer) : answer;
  }
}
