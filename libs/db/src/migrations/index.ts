import type { Migration } from 'kysely/migration';
import * as init from './2026-11-25T00-00-00-init';
import * as outboxParking from './2026-11-26T00-00-00-outbox-parking';
import * as catalog from './2026-12-03T00-00-00-catalog';
import * as carts from './2026-12-03T02-00-00-carts';
import * as orders from './2026-12-03T04-00-00-orders';
import * as accountMail from './2026-12-03T08-30-00-account-mail';
import * as testPaymentGateway from './2026-12-03T09-00-00-test-payment-gateway';
import * as notificationMail from './2026-12-03T09-30-00-notification-mail';
import * as refundSettlement from './2026-12-03T11-00-00-refund-settlement';
import * as loginSettled from './2026-12-03T14-00-00-login-settled';
import * as orderPaymentRow from './2026-12-03T17-00-00-order-payment-row';
import * as payloadSizes from './2026-12-04T06-00-00-payload-sizes';
import * as paymentCancelOwed from './2026-12-04T14-30-00-payment-cancel-owed';

// Listed statically rather than read from disk so that `bun build --compile` executables carry them.
export const migrations: Record<string, Migration> = {
  '2026-11-25T00-00-00-init': init,
  '2026-11-26T00-00-00-outbox-parking': outboxParking,
  '2026-12-03T00-00-00-catalog': catalog,
  '2026-12-03T02-00-00-carts': carts,
  '2026-12-03T04-00-00-orders': orders,
  '2026-12-03T08-30-00-account-mail': accountMail,
  '2026-12-03T09-00-00-test-payment-gateway': testPaymentGateway,
  '2026-12-03T09-30-00-notification-mail': notificationMail,
  '2026-12-03T11-00-00-refund-settlement': refundSettlement,
  '2026-12-03T14-00-00-login-settled': loginSettled,
  '2026-12-03T17-00-00-order-payment-row': orderPaymentRow,
  '2026-12-04T06-00-00-payload-sizes': payloadSizes,
  '2026-12-04T14-30-00-payment-cancel-owed': paymentCancelOwed,
};
