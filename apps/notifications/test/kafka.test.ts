import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createKafka, type DomainEvent, topics } from '@greencommerce/events';
import { mailHeader, mailTo, startGroupAtEnd, TEST_KAFKA_BROKERS, waitForMail } from '@greencommerce/testing';
import { notificationsConsumers } from '../src/consumers';
import { messageIdFor } from '../src/sender';
import {
  createTestNotifications,
  MESSAGE_ID_DOMAIN,
  mailRows,
  mailUser,
  orderData,
  startWorker,
  type TestNotifications,
  until,
} from './support';

// On the real stack the events come from Kafka, which delivers at least once: a producer's retry, a
// rebalance or a consumer restarted before its offsets were committed hands the same event over again.
describe('duplicate delivery through Kafka on MariaDB', () => {
  let t: TestNotifications;
  beforeAll(async () => {
    t = await createTestNotifications('notif_kafka', 'mysql');
  });
  afterAll(async () => {
    await t?.drop();
  });

  test('the same event published three times, read by two workers of one group and a restarted one: one email', async () => {
    const u = await mailUser(t.db);
    const event: DomainEvent = {
      id: crypto.randomUUID(),
      event: 'OrderPaid',
      version: 1,
      occurredAt: new Date().toISOString(),
      data: { ...orderData(u.id, u.email), paymentId: 'pi_1', provider: 'test' },
    };
    const kafka = createKafka(TEST_KAFKA_BROKERS, 'notifications-test');
    const group = `notifications-test-${crypto.randomUUID()}`;
    // Starts at the topics' ends, so it mails this test's event and not earlier runs' again.
    await startGroupAtEnd(kafka, group, notificationsConsumers(t.deps.config)[0]!.topics);
    const producer = kafka.producer();
    await producer.connect();
    const publish = () =>
      producer.send({
        topic: topics.OrderPaid,
        messages: [{ key: event.data.orderId, value: JSON.stringify(event) }],
      });
    let a = startWorker(t.deps, group, { brokers: TEST_KAFKA_BROKERS });
    const b = startWorker(t.deps, group, { brokers: TEST_KAFKA_BROKERS });
    try {
      await publish();
      await publish();
      await waitForMail([u.email], { timeoutMs: 60_000 });
      await a.stop();
      a = startWorker(t.deps, group, { brokers: TEST_KAFKA_BROKERS });
      await publish();
      // The third copy is consumed (its offset moves) and queues nothing.
      expect(await until(async () => (await mailRows(t.db, [event.id]))[0]?.status === 'sent', 60_000)).toBe(true);
      await Bun.sleep(3000);
    } finally {
      await a.stop();
      await b.stop();
      await producer.disconnect();
    }
    const mail = await mailTo(u.email);
    expect(mail).toHaveLength(1);
    expect(mailHeader(mail[0]!, 'message-id')).toBe(messageIdFor(event.id, MESSAGE_ID_DOMAIN));
    const processed = await t.db
      .selectFrom('processed_events')
      .select('event_id')
      .where('consumer_group', '=', group)
      .execute();
    expect(processed).toEqual([{ event_id: event.id }]);
  }, 120_000);
});
