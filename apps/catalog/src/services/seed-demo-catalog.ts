import { DatabaseUnavailableError, type Db, hasAnyProduct, isUniqueViolation } from '@greencommerce/db';
import demo from '../demo/catalog.json';
import type { CatalogDeps } from '../deps';
import { type ImportRow, importProducts } from './import-products';
import { assetUrl } from './list-categories';

/** The shipped demo products; `image` is a file under apps/catalog/assets. */
export const DEMO_CATALOG = demo;

const ATTEMPTS = 3;

/** The demo products as import rows, their images as absolute URLs the catalog serves. */
export function demoRows(assetUrl: (file: string) => string): ImportRow[] {
  return DEMO_CATALOG.map((product, index) => ({ line: index, data: { ...product, image: assetUrl(product.image) } }));
}

/** Another process holding or having just taken the write lock: it may be seeding the same products. */
const lostRace = (err: unknown) =>
  isUniqueViolation(err) || (err instanceof DatabaseUnavailableError && /SQLITE_BUSY/.test(String(err.cause)));

/**
 * Fills an empty catalog (no product at all, archived ones included) with the demo products, so a
 * newcomer's `npm start` shows a shop. Several workers may start at once: the products are inserted
 * by slug in one transaction, so one of them seeds and the others find the products there (or lose
 * a unique-index race, and look again). Returns how many products this call inserted.
 */
export async function seedDemoCatalog(db: Db, assetUrl: (file: string) => string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    if (await hasAnyProduct(db)) return 0;
    try {
      const report = await importProducts(db, demoRows(assetUrl), { mode: 'insert', where: (i) => `item ${i}` });
      if (report.problems.length > 0) {
        const [first] = report.problems;
        throw new Error(`the demo catalog has a bad product at item ${first?.line}: ${first?.message}`);
      }
      return report.created;
    } catch (err) {
      if (attempt >= ATTEMPTS || !lostRace(err)) throw err;
    }
  }
}

/**
 * The start-up step (SEED_DEMO_CATALOG): the demo images are served from the catalog's own assets
 * folder, at the public URL. A failure is logged, not fatal: the catalog serves without its demo
 * products, and the next start tries again.
 */
export async function seedIfEmpty(deps: Pick<CatalogDeps, 'db' | 'logger' | 'config'>): Promise<void> {
  try {
    const seeded = await seedDemoCatalog(deps.db, (file) => assetUrl(deps.config.publicUrl, file));
    if (seeded > 0) deps.logger.info({ products: seeded }, 'seeded the demo catalog (SEED_DEMO_CATALOG)');
  } catch (err) {
    deps.logger.error({ err }, 'the demo catalog could not be seeded; the next start tries again');
  }
}
