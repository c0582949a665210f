import { deleteIdempotencyKeysOfUser, eraseOrdersPersonalData } from '@greencommerce/db';
import { eventConsumer } from '@greencommerce/events';
import { cancelPendingOrdersOfUser } from './services/transitions';

/**
 * The orders' consumer group: a deleted account's orders stay, for accounting, with the personal
 * data erased (name, email, shipping address), their stored checkout responses deleted, and those
 * still waiting for payment cancelled (their stock back; their started payments cancelled at the
 * provider by the orders sweeper, see cancelOwedPayments). A checkout cannot commit after this runs:
 * it holds the account's row, so the deletion that sent the event waited for it (holdAccount).
 * A repeat of the event changes nothing.
 */
export const orderConsumers = () => [
  eventConsumer('orders', {
    UserDeleted: async (trx, { userId }) => {
      await eraseOrdersPersonalData(trx, userId);
      // The stored checkout responses repeat the name, email and address: they go too.
      await deleteIdempotencyKeysOfUser(trx, userId);
      await cancelPendingOrdersOfUser(trx, userId);
    },
  }),
];
