import { eraseOrdersPersonalData } from '@greencommerce/db';
import { eventConsumer } from '@greencommerce/events';

/**
 * The orders' consumer group: a deleted account's orders stay, for accounting, with the personal
 * data erased (name, email, shipping address). A repeat of the event changes nothing.
 */
export const orderConsumers = () => [
  eventConsumer('orders', {
    UserDeleted: async (trx, { userId }) => void (await eraseOrdersPersonalData(trx, userId)),
  }),
];
