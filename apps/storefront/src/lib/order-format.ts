/** The shop's own time zone (Quito): every server renders the same dates whatever its clock's zone. */
const TIME_ZONE = 'America/Guayaquil';

const dateTime = new Intl.DateTimeFormat('es-EC', { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE });

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/**
 * A short number a person can read out: the end of the order's UUID. Its start is the placing time
 * (UUID v7), the same for orders placed close together; the end is random.
 */
export function orderNumber(id: string): string {
  return id.replace(/-/g, '').slice(-8).toUpperCase();
}
