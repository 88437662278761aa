import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pino } from 'pino';
import { createApp } from '../app.ts';
import { buildOpenApiDocument } from '../openapi-document.ts';

// Prints the OpenAPI document (or writes it to the file named by the first argument) without a database or a
// server: the document depends on the routes only. Used by `pnpm lint:openapi` and the generated TypeScript client.

const noDatabase = new Proxy(() => {}, {
  get: () => {
    throw new Error('the OpenAPI document needs no database');
  },
  apply: () => {
    throw new Error('the OpenAPI document needs no database');
  },
}) as never;

/** The document as the API serves it at /api/openapi.json. */
export function openApiDocumentJson(): string {
  const app = createApp({
    sql: noDatabase, search: null, logger: pino({ level: 'silent' }),
    config: {
      publicOrigin: 'http://localhost:3000', secureCookies: false, sessionIdleDays: 7, sessionAbsoluteDays: 30, secretariatAbsoluteHours: 12,
      minBidWindowSeconds: 86_400, awardWindowDays: 30, publicitySeconds: 259_200, ocidPrefix: 'ocds-annex', reviewWindowWorkingDays: 5,
      apiTokenRatePerMinute: 600, webhookAllowPrivateDestinations: false, dataDir: '.data',
    },
  });
  return `${JSON.stringify(buildOpenApiDocument(app, 'annex_session'), null, 2)}\n`;
}

/**
 * Lints the document with Redocly's recommended rules (`redocly lint --extends recommended`). Errors fail (exit
 * code 1); warnings are printed. Telemetry and the update check are off: the lint runs offline.
 */
export function lintOpenApiDocument(): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'annex-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, openApiDocumentJson());
    const cli = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
    const r = spawnSync(process.execPath, [cli, 'lint', '--extends', 'recommended', '--format', 'stylish', 'openapi.json'], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      timeout: 120_000,
    });
    return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const out = process.argv[2];
  if (out === 'lint') {
    const r = lintOpenApiDocument();
    process.stdout.write(r.output);
    process.exitCode = r.ok ? 0 : 1;
  } else if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, openApiDocumentJson());
  } else {
    process.stdout.write(openApiDocumentJson());
  }
}
