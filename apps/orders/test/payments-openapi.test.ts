import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  documents,
  type HostileCase,
  lintOpenApi,
  type OpenApiDoc,
  standardHostileCases,
} from '@greencommerce/testing';
import { createPaymentsTest, expectError, type PaymentsTest } from './payments-support';

let t: PaymentsTest;
let doc: OpenApiDoc;
let user: Awaited<ReturnType<PaymentsTest['user']>>;
let order: Awaited<ReturnType<PaymentsTest['order']>>;
beforeAll(async () => {
  t = await createPaymentsTest('openapi', 'mysql');
  doc = t.doc as unknown as OpenApiDoc;
  user = await t.user();
  order = await t.order(user.id);
}, 60_000);
afterAll(async () => {
  await t.drop();
});

async function expectDocumented(c: HostileCase) {
  const res = await t.app.fetch(c.request);
  expect({ case: `${c.operationId}: ${c.name}`, status: res.status }).toEqual({
    case: `${c.operationId}: ${c.name}`,
    status: c.expected,
  });
  expect(documents(doc, c.request, res.status)).toBe(true);
  await expectError(res, c.expected);
}

describe('the payment routes in OpenAPI', () => {
  test('pass redocly lint with no errors, only the license warning', () => {
    const problems = lintOpenApi(t.doc);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(problems.map((p) => `${p.ruleId} ${p.pointer}`)).toEqual(['info-license-strict #/info/license']);
  });

  test('the standard hostile corpus: no token 401, malformed JSON 400, wrong type 415, oversized 413', async () => {
    const cases = standardHostileCases(doc, t.admin.authorization.slice(7), {
      paymentId: order.paymentId,
      id: order.id,
    }).map((c) => {
      // The refund's key, so only what each case breaks can refuse it.
      if (c.operationId !== 'refundOrder') return c;
      const headers = new Headers(c.request.headers);
      headers.set('idempotency-key', crypto.randomUUID());
      return { ...c, request: new Request(c.request, { headers }) };
    });
    expect(new Set(cases.map((c) => c.operationId))).toEqual(
      new Set(['receiveTestPaymentWebhook', 'confirmTestPayment', 'refundOrder']),
    );
    for (const c of cases) await expectDocumented(c);
  });

  test('hostile path parameters, bodies and signatures', async () => {
    const cases: HostileCase[] = [];
    const json = { ...user.headers, 'content-type': 'application/json' };
    const admin = { ...t.admin, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() };
    const add = (name: string, operationId: string, expected: number, url: string, init: RequestInit) =>
      cases.push({
        name,
        operationId,
        expected,
        request: new Request(`http://test${url}`, { method: 'POST', ...init }),
      });
    for (const id of ['abc', '0', '1%20OR%201=1', "1'--", `${order.paymentId}x`, '..%2F..%2Fetc']) {
      add(`paymentId ${id}`, 'confirmTestPayment', 400, `/payments/${id}/confirm`, {
        headers: json,
        body: '{"cardNumber":"4242424242424242"}',
      });
      add(`order id ${id}`, 'refundOrder', 400, `/orders/${id}/refunds`, { headers: admin, body: '{"amount":1}' });
    }
    for (const body of [
      '[]',
      'null',
      '"x"',
      '{"cardNumber":4242424242424242}',
      '{"cardNumber":"4242\'; DROP TABLE payments"}',
      '{}',
      '{"cardNumber":"4242424242424242","x":1}',
    ]) {
      add(`card body ${body}`, 'confirmTestPayment', 400, `/payments/${order.paymentId}/confirm`, {
        headers: json,
        body,
      });
    }
    for (const body of ['[]', '{"amount":1e308}', '{"amount":"1; DROP TABLE refunds"}', '{"amount":0.001}', '{}']) {
      add(`refund body ${body}`, 'refundOrder', 400, `/orders/${order.id}/refunds`, { headers: admin, body });
    }
    for (const sig of ['', 't=1', 'v1=00', `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`, 't=abc,v1=zz']) {
      add(`signature "${sig}"`, 'receiveTestPaymentWebhook', 400, '/payments/webhooks/test', {
        headers: { 'content-type': 'application/json', 'test-payments-signature': sig },
        body: '{"id":"tevt_x","type":"payment.succeeded","data":{}}',
      });
    }
    add('refund as a customer', 'refundOrder', 403, `/orders/${order.id}/refunds`, {
      headers: { ...json, 'idempotency-key': crypto.randomUUID() },
      body: '{"amount":1}',
    });
    for (const key of [undefined, '', 'a'.repeat(256), 'key with spaces']) {
      const { 'idempotency-key': _, ...noKey } = admin;
      add(`refund with Idempotency-Key ${JSON.stringify(key)}`, 'refundOrder', 400, `/orders/${order.id}/refunds`, {
        headers: key === undefined ? noKey : { ...noKey, 'idempotency-key': key },
        body: '{"amount":1}',
      });
    }
    for (const c of cases) await expectDocumented(c);
  });
});
