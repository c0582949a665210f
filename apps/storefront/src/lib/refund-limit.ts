/**
 * A refund over what is left comes back as the detail "at most 1500", in minor units: the admin reads
 * the most that can still be refunded in major units. Any other message is kept.
 */
export function refundLimit(message: string): string {
  const m = /at most (\d+)$/.exec(message);
  if (!m) return message;
  const minor = Number(m[1]);
  return `Como máximo ${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}
