import { AppError } from './app-error';

/** 429 with the seconds left in the fixed window, for the database-backed limits. */
export function tooMany(what: string, windowMs: number): AppError {
  const retryAfter = Math.ceil((windowMs - (Date.now() % windowMs)) / 1000);
  return new AppError('TOO_MANY_REQUESTS', `Too many ${what}, try again later`, undefined, {
    'Retry-After': String(retryAfter),
  });
}
