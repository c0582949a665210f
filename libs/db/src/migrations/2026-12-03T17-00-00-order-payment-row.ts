import type { Kysely } from 'kysely';

// Frozen in time: migrations take Kysely<any> and never import the app's types.
// From now on an order is placed with its payments row and points at it from its first write.
// Orders placed before that point at their first payment row, and an order still waiting for
// payment whose provider was never reached (no row) gets one: resuming its checkout finds it.
export async function up(db: Kysely<any>): Promise<void> {
  const orders = await db
    .selectFrom('orders')
    .select(['id', 'status', 'payment_provider', 'total_minor', 'currency'])
    .where((eb) => eb.or([eb('payment_id', 'is', null), eb('payment_id', '=', '')]))
    .execute();
  for (const order of orders) {
    const first = await db
      .selectFrom('payments')
      .select('id')
      .where('order_id', '=', order.id)
      .where('provider', '=', order.payment_provider)
      .orderBy('created_at')
      .orderBy('id')
      .executeTakeFirst();
    let paymentId: string | undefined = first?.id;
    if (!paymentId) {
      // A closed order without a payment never reached a provider and never will.
      if (order.status !== 'pending_payment') continue;
      paymentId = crypto.randomUUID();
      await db
        .insertInto('payments')
        .values({
          id: paymentId,
          order_id: order.id,
          provider: order.payment_provider,
          status: 'pending',
          amount_minor: order.total_minor,
          currency: order.currency,
        })
        .execute();
    }
    await db.updateTable('orders').set({ payment_id: paymentId }).where('id', '=', order.id).execute();
  }
}

// Nothing to undo: an order pointing at its payment row is valid for the code before this one.
export async function down(): Promise<void> {}
