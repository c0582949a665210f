import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createKafka, type DomainEvent, ensureTopics, topics } from '@greencommerce/events';
import { mailHeader, mailTo, TEST_KAFKA_BROKERS, waitForMail } from '@greencommerce/testing';
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
    // The topics keep every earlier run's events, and a new group reads from the start: this group
    // starts at their ends instead, so it mails this test's event and not old runs' again. Real offsets:
    // resetOffsets commits -1 ("latest"), which a consumer reads as none, starting from the beginning.
    const groupTopics = notificationsConsumers(t.deps.config)[0]!.topics;
    await ensureTopics(kafka, groupTopics);
    const admin = kafka.admin();
    await admin.connect();
    for (const topic of groupTopics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const partitions = ends.map((p) => ({ partition: p.partition, offset: p.high }));
      await admin.setOffsets({ groupId: group, topic, partitions });
    }
    await admin.disconnect();
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
