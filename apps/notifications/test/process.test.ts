import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { tmpdir } from 'node:os';
import { createDb, type Db, migrateToLatest } from '@greencommerce/db';
import { createKafka, enqueueEvent } from '@greencommerce/events';
import {
  createMysqlTestDb,
  mailHeader,
  mailTo,
  type Service,
  startGroupAtEnd,
  startService,
  TEST_KAFKA_BROKERS,
  TEST_SMTP_URL,
  type TestDb,
  uniqueEmail,
  waitForMail,
} from '@greencommerce/testing';
import { NOTIFICATIONS_GROUP, notificationsConsumers } from '../src/consumers';
import { orderData } from './support';

// The real entry point as its own process: the outbox (embedded) or the relay and Kafka bring it the
// events, and it mails them through the test run's maildev.
const stacks = [
  { name: 'embedded SQLite, the outbox as the bus', kafka: false },
  { name: 'MariaDB with Kafka (relayed from the outbox)', kafka: true },
];

for (const stack of stacks) {
  describe(`the notifications process on ${stack.name}`, () => {
    let db: Db;
    let mysql: TestDb | undefined;
    let service: Service;
    let file: string | undefined;
    beforeAll(async () => {
      let url: string;
      if (stack.kafka) {
        mysql = await createMysqlTestDb('notifications_process');
        db = mysql.db;
        url = mysql.url;
        // The real group reads from the start of topics that hold every earlier suite's order events
        // (hundreds in a full run, each mailed with backoff): it starts at their ends, as it would have
        // on a broker it had been reading all along.
        const topics = notificationsConsumers({ storefrontUrl: 'http://127.0.0.1:3000' })[0]!.topics;
        await startGroupAtEnd(
          createKafka(TEST_KAFKA_BROKERS, 'notifications-process-test'),
          NOTIFICATIONS_GROUP,
          topics,
        );
      } else {
        file = `${tmpdir()}/gc-notifications-process-${process.pid}-${crypto.randomUUID()}.sqlite`;
        url = file;
        db = createDb({ url });
        await migrateToLatest(db);
      }
      service = await startService('notifications', {
        DATABASE_URL: url,
        KAFKA_BROKERS: stack.kafka ? TEST_KAFKA_BROKERS.join(',') : '',
        SMTP_URL: TEST_SMTP_URL,
        MAIL_FROM: 'GreenCommerce <no-reply@process.test>',
        LOG_LEVEL: 'warn',
        NOTIFICATIONS_WORKERS: '1',
      });
    }, 60_000);
    afterAll(async () => {
      // Only a service that started can be asked for a clean stop; a failed beforeAll reports itself.
      if (service) {
        service.proc.kill();
        await service.proc.exited;
        expect(service.proc.exitCode).toBe(0);
      }
      if (mysql) await mysql.drop();
      else {
        await db.destroy();
        for (const suffix of ['', '-wal', '-shm'])
          await Bun.file(`${file}${suffix}`)
            .delete()
            .catch(() => {});
      }
    });

    test('/readyz names the database, the outbox, SMTP and the mail queue', async () => {
      const res = await fetch(`${service.base}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        status: 'ready',
        checks: { database: 'ok', outbox: 'ok', smtp: 'ok', mail: '0 pending, 0 failed' },
      });
    });

    test('an event committed to the outbox is mailed once, with its Message-ID', async () => {
      const email = uniqueEmail('process');
      const event = await enqueueEvent(db, 'OrderPaid', {
        ...orderData(123_456_789, email),
        paymentId: 'pi_1',
        provider: 'test',
      });
      await waitForMail([email], { timeoutMs: 60_000 });
      await Bun.sleep(1000);
      const mail = await mailTo(email);
      expect(mail).toHaveLength(1);
      expect(mailHeader(mail[0]!, 'message-id')).toBe(`<${event.id}@process.test>`);
    }, 90_000);
  });
}
