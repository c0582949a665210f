import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createTestCatalog, expectError, insertProduct, type TestCatalog } from './support';

// A search costs the database tens of ms (a word most products carry, ~0.2 s at 100,000 products):
// a flood of them is bounded per process, and browsing without `q` is not held behind it.
describe('searches in progress are bounded', () => {
  let t: TestCatalog;
  beforeAll(async () => {
    t = await createTestCatalog('mysql', 'catalog_search_limit', { searchConcurrency: 1, searchQueueLimit: 1 });
    for (let i = 0; i < 3; i++) await insertProduct(t.db, { name: `Cepillo de bambú ${i}` });
  });
  afterAll(async () => {
    await t.drop();
  });

  test('past the running search and its queue, 429 with Retry-After; listings without q still answer', async () => {
    const search = (i: number) => t.app.request(`/products?q=cepillo&limit=${i + 1}`);
    const answers = await Promise.all([...Array.from({ length: 6 }, (_, i) => search(i)), t.app.request('/products')]);
    const browse = answers.pop()!;
    expect(browse.status).toBe(200);
    const statuses = answers.map((r) => r.status);
    // One runs and one waits; the four that arrived while both were taken are refused.
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    const refused = answers.find((r) => r.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('1');
    await expectError(refused, 429, 'TOO_MANY_REQUESTS');
    // Once they are done, a search runs again.
    expect((await search(0)).status).toBe(200);
  });
});
