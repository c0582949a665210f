import { AppError, type TokenVerifier } from '@greencommerce/http';
import type { Context, MiddlewareHandler } from 'hono';

export const CART_TOKEN_HEADER = 'X-Cart-Token';

/** Who a request acts for: the bearer token's user, or the guest cart its X-Cart-Token opens. */
export type Caller = { kind: 'user'; userId: number } | { kind: 'guest'; tokenHash: string };

/** 256 random bits, base64url: 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const newGuestToken = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');

/** The only form a guest token is stored or looked up in. */
export const hashGuestToken = (token: string) => new Bun.CryptoHasher('sha256').update(token).digest('hex');

const notFound = () => new AppError('NOT_FOUND', 'Cart not found');

async function bearerUser(c: Context, verify: TokenVerifier): Promise<number> {
  const match = /^Bearer\s+(\S{1,4096})$/i.exec(c.req.header('authorization') ?? '');
  if (!match?.[1]) throw new AppError('UNAUTHORIZED', 'Missing bearer token');
  return (await verify(match[1])).userId;
}

/**
 * A token of the wrong shape is a cart that does not exist (404), like an unknown, expired or
 * merged one: nothing tells a prober which of these it hit.
 */
function guestTokenHash(c: Context): string | undefined {
  const token = c.req.header(CART_TOKEN_HEADER);
  if (token === undefined) return undefined;
  if (!TOKEN_SHAPE.test(token)) throw notFound();
  return hashGuestToken(token);
}

/**
 * The caller of a cart route. A bearer token and X-Cart-Token together are refused (400) rather than
 * one silently winning: the shopper would see a different cart from the one they think they fill.
 * The guest cart joins the user's only through POST /cart/merge.
 */
export async function cartCaller(c: Context, verify: TokenVerifier): Promise<Caller> {
  const hasBearer = c.req.header('authorization') !== undefined;
  const hasToken = c.req.header(CART_TOKEN_HEADER) !== undefined;
  if (hasBearer && hasToken) {
    throw new AppError(
      'BAD_REQUEST',
      `Send a bearer token or ${CART_TOKEN_HEADER}, not both; POST /cart/merge moves a guest cart into the user's`,
    );
  }
  if (hasBearer) return { kind: 'user', userId: await bearerUser(c, verify) };
  const tokenHash = guestTokenHash(c);
  if (tokenHash) return { kind: 'guest', tokenHash };
  throw new AppError('UNAUTHORIZED', `Send a bearer token or ${CART_TOKEN_HEADER}`);
}

/** POST /cart/merge: both, the user's token and the guest cart's. */
export async function mergeCaller(c: Context, verify: TokenVerifier): Promise<{ userId: number; tokenHash: string }> {
  const userId = await bearerUser(c, verify);
  const tokenHash = guestTokenHash(c);
  if (!tokenHash) throw new AppError('BAD_REQUEST', `${CART_TOKEN_HEADER} is required: the guest cart to merge`);
  return { userId, tokenHash };
}

/**
 * Middleware resolving the caller before the body is read (a request with no credentials is a 401
 * whatever its body), and the handler's way to read what it resolved.
 */
export function callerMiddleware<T>(resolve: (c: Context) => Promise<T>) {
  const resolved = new WeakMap<Context, T>();
  const middleware: MiddlewareHandler = async (c, next) => {
    resolved.set(c, await resolve(c));
    await next();
  };
  const of = (c: Context): T => {
    const found = resolved.get(c);
    if (found === undefined) throw new Error('caller middleware did not run');
    return found;
  };
  return { middleware, of };
}
