import { forbidden, notFound } from 'next/navigation';

/**
 * A page's read that a service refused: its 404 (or a malformed id, 400) is the not-found page, its 403
 * the forbidden one (a token whose roles changed since it was issued); anything else is the route's error state.
 */
export function failPage(what: string, status: number): never {
  if (status === 404 || status === 400) notFound();
  if (status === 403) forbidden();
  throw new Error(`${what} answered ${status}`);
}
