/**
 * A STAND-IN for the Stripe API, not Stripe: a local HTTP server speaking the small subset the
 * official SDK uses here (create/retrieve/capture/cancel a PaymentIntent, create a refund), with
 * Stripe's idempotency keys, form-encoded bodies and error shape. This machine cannot reach
 * api.stripe.com; the SDK is pointed here with its host/port/protocol options.
 */
type Intent = {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: string;
  client_secret: string;
  metadata: Record<string, string>;
  refunded: number;
};

type StripeErrorBody = { type: string; message: string; code?: string; decline_code?: string };

export function startStripeStandIn(
  hooks: {
    afterCreate?: (intent: Intent) => Promise<void>;
    /** After a refund request was handled (made or refused), before its answer goes back (a webhook racing the answer). */
    beforeRefundAnswer?: (intent: Intent) => Promise<void>;
  } = {},
) {
  const intents = new Map<string, Intent>();
  const idempotent = new Map<string, { status: number; body: unknown }>();
  const requests: { method: string; path: string; idempotencyKey: string | null; auth: string | null }[] = [];
  const state = {
    /** While true, refunds answer 500 (Stripe having an outage), before anything is recorded. */
    refundsDown: false,
    /**
     * How many refund answers are lost on the way back: the refund is made (and kept under its
     * idempotency key, as Stripe keeps it), but the caller gets a 500, its retries too while this lasts.
     */
    refundAnswersLost: 0,
    /**
     * Every POST to this path (`/v1/refunds`, `/v1/payment_intents`) answered with this error, as
     * Stripe sends it: a 402 card error or a 400 invalid request is Stripe saying no; a 500 an outage.
     */
    failWith: undefined as { path: string; status: number; error: StripeErrorBody } | undefined,
  };
  const error = (status: number, message: string, code?: string) => ({
    status,
    body: { error: { type: 'invalid_request_error', message, ...(code && { code }) } },
  });

  function handle(method: string, path: string, form: URLSearchParams): { status: number; body: unknown } {
    if (method === 'POST' && path === '/v1/payment_intents') {
      const id = `pi_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;
      const metadata: Record<string, string> = {};
      for (const [k, v] of form) {
        const m = /^metadata\[(.+)\]$/.exec(k);
        if (m?.[1]) metadata[m[1]] = v;
      }
      const intent: Intent = {
        id,
        object: 'payment_intent',
        amount: Number(form.get('amount')),
        amount_received: 0,
        currency: String(form.get('currency')),
        status: 'requires_payment_method',
        client_secret: `${id}_secret_standin`,
        metadata,
        refunded: 0,
      };
      intents.set(id, intent);
      return { status: 200, body: intent };
    }
    const m = /^\/v1\/payment_intents\/([^/]+)(?:\/(capture|cancel))?$/.exec(path);
    if (m?.[1]) {
      const intent = intents.get(m[1]);
      if (!intent) return error(404, `No such payment_intent: '${m[1]}'`);
      if (m[2] === 'cancel') intent.status = 'canceled';
      if (m[2] === 'capture') intent.status = 'succeeded';
      return { status: 200, body: intent };
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const intent = intents.get(String(form.get('payment_intent')));
      if (!intent) return error(404, 'No such payment_intent');
      const amount = Number(form.get('amount') ?? intent.amount - intent.refunded);
      if (intent.status !== 'succeeded') return error(400, 'This PaymentIntent has no successful charge to refund');
      if (intent.refunded + amount > intent.amount)
        return error(400, 'Refund amount is greater than unrefunded amount', 'amount_too_large');
      intent.refunded += amount;
      return {
        status: 200,
        body: {
          id: `re_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`,
          object: 'refund',
          amount,
          status: 'succeeded',
          payment_intent: intent.id,
        },
      };
    }
    return error(404, `Unrecognized request URL (${method}: ${path})`);
  }

  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const url = new URL(req.url);
      const key = req.headers.get('idempotency-key');
      requests.push({
        method: req.method,
        path: url.pathname,
        idempotencyKey: key,
        auth: req.headers.get('authorization'),
      });
      const form = new URLSearchParams(req.method === 'POST' ? await req.text() : url.search);
      if (state.refundsDown && url.pathname === '/v1/refunds') {
        return Response.json({ error: { type: 'api_error', message: 'stand-in outage' } }, { status: 500 });
      }
      if (req.method === 'POST' && state.failWith?.path === url.pathname) {
        return Response.json({ error: state.failWith.error }, { status: state.failWith.status });
      }
      let result = key ? idempotent.get(`${req.method} ${url.pathname} ${key}`) : undefined;
      if (!result) {
        result = handle(req.method, url.pathname, form);
        if (key) idempotent.set(`${req.method} ${url.pathname} ${key}`, result);
        // Whatever the test makes happen before the caller hears back (a webhook racing the answer).
        if (url.pathname === '/v1/payment_intents' && result.status === 200)
          await hooks.afterCreate?.(result.body as Intent);
        if (url.pathname === '/v1/refunds') {
          const intent = intents.get(String(form.get('payment_intent')));
          if (intent) await hooks.beforeRefundAnswer?.(intent);
        }
      }
      if (url.pathname === '/v1/refunds' && state.refundAnswersLost > 0) {
        state.refundAnswersLost--;
        return Response.json({ error: { type: 'api_error', message: 'the answer was lost' } }, { status: 500 });
      }
      return Response.json(result.body, {
        status: result.status,
        headers: { 'request-id': `req_${crypto.randomUUID()}` },
      });
    },
  });
  return {
    api: { host: '127.0.0.1', port: server.port as number, protocol: 'http' as const },
    intents,
    requests,
    state,
    /** What a customer paying in the browser does to the intent (Stripe.js confirmCardPayment). */
    succeed(id: string) {
      const intent = intents.get(id);
      if (!intent) throw new Error('no intent');
      intent.status = 'succeeded';
      intent.amount_received = intent.amount;
      return intent;
    },
    stop: () => server.stop(true),
  };
}
