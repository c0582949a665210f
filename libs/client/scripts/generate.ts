import path from 'node:path';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';
import { APPS, type AppName, appDocuments } from './app-documents';

export const GENERATED_DIR = path.resolve(import.meta.dir, '../src/generated');
export const GENERATE_COMMAND = 'npm run client:generate';

/** The type-only module of each app, from the document it serves. */
export async function generatedSources(): Promise<Record<AppName, string>> {
  const docs = await appDocuments();
  const out: Partial<Record<AppName, string>> = {};
  for (const name of APPS) {
    const ast = await openapiTS(docs[name] as OpenAPI3);
    out[name] =
      `${COMMENT_HEADER}// From the ${name} app's /openapi.json; regenerate with \`${GENERATE_COMMAND}\`.\n\n${astToString(ast)}`;
  }
  return out as Record<AppName, string>;
}

if (import.meta.main) {
  const sources = await generatedSources();
  for (const name of APPS) await Bun.write(path.join(GENERATED_DIR, `${name}.ts`), sources[name]);
  console.log(`wrote ${APPS.map((n) => `src/generated/${n}.ts`).join(', ')}`);
}
