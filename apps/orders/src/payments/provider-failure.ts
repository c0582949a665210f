import { AppError, type Logger } from '@greencommerce/http';
import { ProviderError } from './provider';

/** What a provider's words could echo that never goes into an answer: API keys, signing secrets, client secrets. */
const SECRETS = /\b(?:sk|rk|pk)_(?:test|live)_\w+|\bwhsec_\w+|\b\w+_secret_\w+/g;

/** The provider's own words, fit for an answer: secrets masked, one line, short. */
const said = (message: string) => message.replace(SECRETS, '[redacted]').replace(/\s+/g, ' ').trim().slice(0, 200);

/**
 * A failed provider call as the answer it deserves. The provider refusing for good (a declined
 * card, a refund it will not make) is a 402 PAYMENT_PROVIDER_REFUSED naming the provider and its
 * reason: the request is fine and nothing is down, but retrying will not help. Anything else (no
 * connection, its 5xx, rate limits) is a 503 naming the provider: retry later.
 */
export function providerFailure(
  logger: Logger,
  provider: string,
  err: unknown,
  text: { refused: string; unavailable: string; log?: Record<string, unknown> },
): AppError {
  if (err instanceof ProviderError && err.refused) {
    logger.warn({ ...text.log, provider, reason: err.reason, err }, 'payment provider refused');
    const words = said(err.message);
    return new AppError(
      'PAYMENT_PROVIDER_REFUSED',
      `${text.refused}: ${err.reason ?? 'refused'}${words ? ` (${provider} says: ${words})` : ''}`,
    );
  }
  logger.error({ ...text.log, provider, err }, 'payment provider call failed');
  return new AppError('SERVICE_UNAVAILABLE', `payment provider ${provider} unavailable: ${text.unavailable}`);
}
