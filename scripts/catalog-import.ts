// `npm run catalog:import -- products.csv|products.json`: imports products by slug into the configured
// database (DATABASE_URL, or the embedded one), inserting new slugs and updating existing ones. Every
// row is checked like a POST /products body; each bad row is printed with its line (CSV: the line its
// record starts on; JSON: the array index) and the rest are imported. Exits 1 if any row was bad.
import { databaseEnv, databaseOptions, openDatabase } from '@greencommerce/db';
import { parseEnv } from '@greencommerce/http';
import { z } from 'zod';
import { formatOf, rowsOf } from '../apps/catalog/src/services/import-file';
import { importProducts } from '../apps/catalog/src/services/import-products';

const env = parseEnv(
  z.object({
    ...databaseEnv,
    // A batch is one statement of a thousand rows: give it longer than a request's query.
    DATABASE_QUERY_TIMEOUT_MS: databaseEnv.DATABASE_QUERY_TIMEOUT_MS.default(60_000),
    // 2500 rows of 12 columns stay under SQLite's 32,766 bound parameters per statement (MySQL allows 65,535).
    CATALOG_IMPORT_BATCH: z.coerce.number().int().min(1).max(2500).default(1000),
  }),
);

const files = process.argv.slice(2);
if (files.length === 0 || files.some((f) => f.startsWith('-'))) {
  console.error('usage: npm run catalog:import -- <file.csv|file.json> [more files]');
  process.exit(2);
}

const db = await openDatabase(databaseOptions(env));
let bad = 0;
try {
  for (const file of files) {
    const source = Bun.file(file);
    if (!(await source.exists())) {
      console.error(`${file}: no such file`);
      process.exitCode = 2;
      continue;
    }
    const format = formatOf(file);
    const where = format === 'json' ? (i: number) => `index ${i}` : (n: number) => `line ${n}`;
    const started = performance.now();
    let rows: ReturnType<typeof rowsOf>;
    try {
      rows = rowsOf(await source.bytes(), format);
    } catch (err) {
      console.error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 2;
      continue;
    }
    const report = await importProducts(db, rows, {
      batchSize: env.CATALOG_IMPORT_BATCH,
      where,
      onBatch: (r) => {
        if (process.stderr.isTTY) process.stderr.write(`\r${r.created + r.updated + r.unchanged} written…`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\r');
    for (const p of report.problems) console.error(`${file}: ${where(p.line)}: ${p.message}`);
    bad += report.problems.length;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `${file}: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ` +
        `${report.problems.length} bad (not imported), in ${seconds} s`,
    );
  }
} finally {
  await db.destroy();
}
if (bad > 0) process.exitCode = 1;
