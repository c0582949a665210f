import type { Db } from '../create-db';
import { isUniqueViolation } from '../errors';

type Executor = Pick<Db, 'insertInto'>;

/** Records an event as handled by a consumer group; false if it already was (a redelivery). */
export async function recordProcessedEvent(db: Executor, group: string, eventId: string): Promise<boolean> {
  try {
    await db.insertInto('processed_events').values({ consumer_group: group, event_id: eventId }).execute();
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}
