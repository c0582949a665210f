import { ProductCreate, type ProductInput } from '@greencommerce/contracts';
import {
  type BulkProduct,
  categorySlugs,
  type Db,
  type ExistingProduct,
  insertProducts,
  insertUrlImages,
  lockProductsBySlug,
  productIdsBySlug,
  replaceUrlImages,
  upsertProducts,
  writeTransaction,
} from '@greencommerce/db';
import { enqueueEvents, type PendingEvent } from '@greencommerce/events';
import type { z } from 'zod';

/** One record of an import file: its data, or why it could not even be read (a broken CSV record). */
export type ImportRow = { line: number; data: unknown } | { line: number; error: string };
/** `line`: the physical line a CSV record starts on, or the index of a JSON array's item. */
export type ImportProblem = { line: number; message: string };
export type ImportReport = { created: number; updated: number; unchanged: number; problems: ImportProblem[] };

export type ImportOptions = {
  /**
   * `upsert` (the import): a slug that exists is updated. `insert` (the demo seed): every slug must
   * be new, and one taken meanwhile by a concurrent writer fails the batch with a unique violation.
   */
  mode?: 'upsert' | 'insert';
  /** Products per transaction (one multi-row statement each). */
  batchSize?: number;
  /** Called after each committed batch, for progress output. */
  onBatch?: (report: ImportReport) => void;
  /** How a row's position is named in messages: "line 12" (CSV), "index 3" (JSON). */
  where?: (line: number) => string;
};

/** 1000 rows of 12 columns stay far below MySQL's 65,535 placeholders per statement. */
const DEFAULT_BATCH = 1000;
const DEADLOCK_ATTEMPTS = 5;

type Valid = { line: number; input: ProductInput };

/** What a product's events carry: the state after the write, money in minor units. */
const snapshot = (id: number, p: ProductInput) => ({
  productId: id,
  slug: p.slug,
  name: p.name,
  priceMinor: p.priceMinor,
  currency: p.currency,
  category: p.category,
  stock: p.stock,
});

/** The product's wire fields this row would change. */
function changedFields(old: ExistingProduct, p: ProductInput): string[] {
  const pairs: [string, unknown, unknown][] = [
    ['name', old.name, p.name],
    ['description', old.description, p.description],
    ['price', old.price_minor, p.priceMinor],
    ['currency', old.currency, p.currency],
    ['category', old.category_slug, p.category],
    ['brand', old.brand, p.brand],
    ['rating', old.rating_tenths, p.ratingTenths],
    ['stock', old.stock, p.stock],
    ['featured', old.featured !== 0, p.featured],
  ];
  const changed = pairs.filter(([, a, b]) => a !== b).map(([name]) => name);
  // A row without an image leaves the product's images alone; one with an image replaces the one given by URL.
  if (p.imageUrl !== null && p.imageUrl !== old.urlImage) changed.push('image');
  return changed;
}

const column = (p: ProductInput, images: { id: string; url: string }[]): BulkProduct => ({
  slug: p.slug,
  name: p.name,
  description: p.description,
  price_minor: p.priceMinor,
  currency: p.currency,
  category_slug: p.category,
  brand: p.brand,
  rating_tenths: p.ratingTenths,
  stock: p.stock,
  featured: p.featured,
  image_url: images[0]?.url ?? null,
  images: JSON.stringify(images),
});

/** Writes one batch and its events in one transaction; returns what it did. */
async function writeBatch(db: Db, batch: Valid[], mode: 'upsert' | 'insert') {
  return writeTransaction(db, async (trx) => {
    const existing = await lockProductsBySlug(
      trx,
      batch.map((b) => b.input.slug),
    );
    const problems: ImportProblem[] = [];
    const created: { input: ProductInput; image?: { id: string; url: string } }[] = [];
    const updated: { input: ProductInput; old: ExistingProduct; fields: string[] }[] = [];
    let unchanged = 0;
    for (const { line, input } of batch) {
      const old = existing.get(input.slug);
      if (!old) {
        created.push({ input, image: input.imageUrl ? { id: crypto.randomUUID(), url: input.imageUrl } : undefined });
      } else if (mode === 'insert') {
        unchanged++;
      } else if (old.archived_at !== null) {
        // Archived by an admin; an import does not bring a product back behind their back.
        problems.push({ line, message: `slug "${input.slug}" belongs to an archived product (id ${old.id})` });
      } else {
        const fields = changedFields(old, input);
        if (fields.length === 0) unchanged++;
        else updated.push({ input, old, fields });
      }
    }

    const now = new Date();
    const newRows = created.map((c) => column(c.input, c.image ? [c.image] : []));
    if (mode === 'insert') await insertProducts(trx, newRows, now);
    else await upsertProducts(trx, [...newRows, ...updated.map((u) => column(u.input, []))], now);
    const ids = await productIdsBySlug(
      trx,
      created.map((c) => c.input.slug),
    );
    const idOf = (slug: string) => {
      const id = ids.get(slug);
      if (id === undefined) throw new Error(`product ${slug} was not written`);
      return id;
    };
    await insertUrlImages(
      trx,
      created.flatMap((c) => (c.image ? [{ ...c.image, product_id: idOf(c.input.slug) }] : [])),
    );
    await replaceUrlImages(
      trx,
      updated.flatMap((u) =>
        u.fields.includes('image') && u.input.imageUrl
          ? [{ id: crypto.randomUUID(), product_id: u.old.id, url: u.input.imageUrl }]
          : [],
      ),
    );

    const events: PendingEvent[] = created.map((c) => ({
      event: 'ProductCreated',
      data: snapshot(idOf(c.input.slug), c.input),
    }));
    for (const u of updated) {
      events.push({
        event: 'ProductUpdated',
        data: { productId: u.old.id, changedFields: u.fields, product: snapshot(u.old.id, u.input) },
      });
      if (u.fields.includes('stock'))
        events.push({
          event: 'StockChanged',
          data: { productId: u.old.id, oldQuantity: u.old.stock, newQuantity: u.input.stock, reason: 'import' },
        });
    }
    await enqueueEvents(trx, events);
    return { created: created.length, updated: updated.length, unchanged, problems };
  });
}

/** MySQL picks a victim when two transactions lock the same slugs' index gaps; the batch is simply run again. */
const isDeadlock = (err: unknown) => (err as { errno?: number } | null)?.errno === 1213;

async function writeWithRetry(db: Db, batch: Valid[], mode: 'upsert' | 'insert') {
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeBatch(db, batch, mode);
    } catch (err) {
      if (!isDeadlock(err) || attempt >= DEADLOCK_ATTEMPTS) throw err;
      // Apart, so the two victims of the next round are not the same pair again.
      await Bun.sleep(Math.random() * 20 * attempt);
    }
  }
}

export const describeIssues = (error: z.ZodError) =>
  error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');

/**
 * Imports products by slug: each row is checked with ProductCreate (the POST /products schema) and
 * its category must exist; a bad row is reported with its line and the others are written, in
 * batches of one multi-row statement and their events (ProductCreated, ProductUpdated with the
 * changed fields, StockChanged) per transaction. A row equal to its product changes nothing and
 * emits nothing, so importing the same file again is a no-op.
 */
export async function importProducts(
  db: Db,
  rows: AsyncIterable<ImportRow> | Iterable<ImportRow>,
  { mode = 'upsert', batchSize = DEFAULT_BATCH, onBatch, where = (n) => `line ${n}` }: ImportOptions = {},
): Promise<ImportReport> {
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0, problems: [] };
  const categories = await categorySlugs(db);
  const firstLineOf = new Map<string, number>();
  let batch: Valid[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const done = await writeWithRetry(db, batch, mode);
    batch = [];
    report.created += done.created;
    report.updated += done.updated;
    report.unchanged += done.unchanged;
    report.problems.push(...done.problems);
    onBatch?.(report);
  };

  for await (const row of rows) {
    if ('error' in row) {
      report.problems.push({ line: row.line, message: row.error });
      continue;
    }
    const parsed = ProductCreate.safeParse(row.data);
    if (!parsed.success) {
      report.problems.push({ line: row.line, message: describeIssues(parsed.error) });
      continue;
    }
    const input = parsed.data;
    if (!categories.has(input.category)) {
      report.problems.push({ line: row.line, message: `category: unknown category "${input.category}"` });
      continue;
    }
    const first = firstLineOf.get(input.slug);
    if (first !== undefined) {
      report.problems.push({ line: row.line, message: `slug: "${input.slug}" is also at ${where(first)}` });
      continue;
    }
    firstLineOf.set(input.slug, row.line);
    batch.push({ line: row.line, input });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  report.problems.sort((a, b) => a.line - b.line);
  return report;
}
