import type { Db } from '@greencommerce/db';
import { consumeFromKafka, createKafka, topics } from '@greencommerce/events';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Uploads at a steady rate and measures the time from each 201 to its ImageUploaded consumed from Kafka. */
export async function deliveryLag(opts: {
  db: Db;
  uploadUrl: string;
  token: string;
  file: Blob;
  rate: number;
  seconds: number;
}) {
  const answeredAt = new Map<string, number>();
  // Consumption can beat the client to its own 201, so both moments are kept and paired afterwards.
  const consumedAt = new Map<string, number>();
  const sub = await consumeFromKafka({
    kafka: createKafka(['127.0.0.1:9092'], 'bench-lag'),
    db: opts.db,
    group: `bench-lag-${crypto.randomUUID()}`,
    topics: [topics.ImageUploaded],
    fromBeginning: false,
    handler: async (_trx, e) => {
      if (e.event === 'ImageUploaded') consumedAt.set(e.data.key, performance.now());
    },
  });
  await Bun.sleep(2000);
  for (let i = 0; i < opts.rate * opts.seconds; i++) {
    const tick = performance.now();
    const form = new FormData();
    form.append('image', opts.file);
    const res = await fetch(opts.uploadUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${opts.token}` },
      body: form,
    });
    if (res.status === 201) answeredAt.set(((await res.json()) as { key: string }).key, performance.now());
    await Bun.sleep(Math.max(0, 1000 / opts.rate - (performance.now() - tick)));
  }
  const deadline = Date.now() + 15_000;
  const delivered = () => [...answeredAt.keys()].filter((k) => consumedAt.has(k)).length;
  while (delivered() < answeredAt.size && Date.now() < deadline) await Bun.sleep(100);
  await sub.stop();
  const lags = [...answeredAt].flatMap(([key, at]) => (consumedAt.has(key) ? [consumedAt.get(key)! - at] : []));
  const sorted = lags.sort((a, b) => a - b);
  return {
    // Negative: the event was consumed before the client had read its 201.
    p50ms: Math.round(pct(sorted, 0.5)),
    p99ms: Math.round(pct(sorted, 0.99)),
    delivered: lags.length,
    uploads: answeredAt.size,
  };
}
