/**
 * The window of a rate limit in a test that counts up to the limit. Windows are aligned to the clock
 * (`rateLimitWindowStart`), so a test running across a window's end sees its count start over: with an
 * hour's window, any such test run at the top of an hour failed. With a year's, a few seconds a year.
 */
export const LIMIT_WINDOW_MS = 365 * 24 * 3_600_000;
