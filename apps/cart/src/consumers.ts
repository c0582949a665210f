import { deleteCartsOfUser } from '@greencommerce/db';
import { eventConsumer } from '@greencommerce/events';

/** The cart's consumer group: a deleted account's carts go with it (once per event; a repeat deletes nothing). */
export const cartConsumers = () => [
  eventConsumer('cart', {
    UserDeleted: async (trx, { userId }) => void (await deleteCartsOfUser(trx, userId)),
  }),
];
