import { createLogger } from '@greencommerce/http';

/** The real logger (redaction, serializers and all), writing its lines to `lines` instead of stdout. */
export function captureLogger(service = 'test') {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(service, { destination: { write: (line) => void lines.push(JSON.parse(line)) } });
  return { logger, lines };
}
