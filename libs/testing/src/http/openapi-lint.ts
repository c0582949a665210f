import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type LintProblem = { ruleId: string; severity: 'error' | 'warn'; message: string; pointer: string };

const redoclyCli = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin/cli.js');

/**
 * Runs `redocly lint` (its recommended rules) on a document, offline: telemetry and the update
 * check are switched off, and it runs in an empty folder so no local config or .env applies.
 */
export function lintOpenApi(doc: object): LintProblem[] {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
  try {
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
    const run = Bun.spawnSync(['node', redoclyCli, 'lint', '--format=json', 'openapi.json'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        CI: 'true',
      },
    });
    const out = run.stdout.toString();
    if (!out.trim().startsWith('{')) throw new Error(`redocly lint did not run: ${run.stderr.toString()}`);
    const report = JSON.parse(out) as {
      problems: { ruleId: string; severity: 'error' | 'warn'; message: string; location: { pointer: string }[] }[];
    };
    return report.problems.map((p) => ({
      ruleId: p.ruleId,
      severity: p.severity,
      message: p.message,
      pointer: p.location[0]?.pointer ?? '',
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
