import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { migrate } from '@annex/db';
import { HOLIDAY_LIBRARY, seedWorkingCalendar } from '../lib/holiday-library.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { CliError, openDatabase } from './runtime.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

const HELP = `Annex operator CLI — pnpm annex <command> [options]

Commands:
  start                      Build what is stale, then run the API and the web. Without DATABASE_URL /
                             MEILI_URL it runs embedded PostgreSQL (PGlite) and Meilisearch with data in
                             ANNEX_DATA_DIR (default .data); the first start seeds a demo market.
  dev                        The same with hot reload (node --watch for the API, vite dev for the web).
  migrate                    Apply pending database migrations.
  seed --demo                Add the demo market (accounts and orders in every state) unless present.
  admin create --email E --password P [--name N]
                             Create a secretariat user (and the secretariat organisation if missing).
  reindex [index…]           Rebuild search indexes (orders, vendors, catalogue, policy_services; default
                             all) from the database into fresh indexes and swap them in atomically.
  catalogue import FILE [--valid-only] [--yes]
                             Import catalogue entries from a CSV (UTF-8, UTF-8 with BOM, GB18030) or XLSX
                             with the template's Chinese header row: every problem is listed first; all rows
                             are imported in one transaction, or only the valid ones with --valid-only;
                             --yes confirms without asking (needed without a terminal).
  policy import FILE [--dry-run] [--yes]
                             Load policy services (政策代办) from a JSON file: {"services": [...]}, each the
                             body of POST /api/v1/policy/services plus "effectiveFrom" and "publish". New codes
                             are created, changed services get a new version (cases keep theirs), the rest is
                             left as it is; the whole file is checked first and written in one transaction.
  backup FILE                Write the database and the uploaded files into one archive (tar): with DATABASE_URL a
                             pg_dump --format=custom taken from one snapshot while the API keeps running (pg_dump
                             from PG_BIN, else the newest found; it must not be older than the server); embedded,
                             a copy of the PGlite database, only while Annex is stopped.
  restore FILE [--force]     Restore such an archive into an empty database (DATABASE_URL) or a new ANNEX_DATA_DIR,
                             put the files back, check every table's row count against the backup and rebuild the
                             search indexes. --force first DELETES what the target database holds.
  search:check [--dry-run] [index…]
                             List documents missing, stale or extra in the search indexes compared with
                             the database, and repair them (--dry-run: list only; exit code 1 if any).

With no DATABASE_URL the commands use the running instance's database when \`pnpm start\` runs on the
same data directory, and open the data directory themselves otherwise.
Settings come from the environment; see the configuration table in README.md.`;

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      demo: { type: 'boolean' },
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'valid-only': { type: 'boolean' },
      force: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
    },
  });
  const [command, sub] = positionals;
  if (values.help || !command) {
    console.log(HELP);
    return command || values.help ? 0 : 1;
  }
  const config = loadConfig(process.env, process.cwd());
  const log = (line: string) => console.log(`annex: ${line}`);

  switch (command) {
    case 'start':
    case 'dev': {
      const { start } = await import('./start.ts');
      return start(config, ROOT, command);
    }
    case 'migrate': {
      const db = await openDatabase(config, log);
      try {
        const { applied } = await migrate(db.sql);
        log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'the schema is up to date; nothing to apply');
        // the working calendar's years around today, where missing (what the secretariat changed stays)
        const years = await seedWorkingCalendar(db.sql);
        if (years.length) log(`working calendar: entered ${years.join(', ')} from ${HOLIDAY_LIBRARY}`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'seed': {
      if (!values.demo) throw new CliError('seed needs --demo (the demo market is the only seed there is).');
      const { printDemoAccounts, seedDemoMarket } = await import('./seed.ts');
      const db = await openDatabase(config, log);
      try {
        await migrate(db.sql);
        const seeded = await seedDemoMarket(db.sql, config);
        if (seeded.created) printDemoAccounts(seeded);
        else log('the demo market is present already; nothing was changed.');
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'admin': {
      if (sub !== 'create') throw new CliError('usage: pnpm annex admin create --email E --password P [--name N]');
      if (!values.email || !values.password) throw new CliError('admin create needs --email and --password.');
      const { createAdmin } = await import('./admin.ts');
      const db = await openDatabase(config, log);
      try {
        await migrate(db.sql);
        const user = await createAdmin(db.sql, { email: values.email, password: values.password, name: values.name });
        log(`secretariat user ${user.email} created in ${user.organisationName}.`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'catalogue': {
      const file = positionals[2];
      if (sub !== 'import' || !file) throw new CliError('usage: pnpm annex catalogue import FILE [--valid-only] [--yes]');
      const { runCatalogueImport, terminalProgress, terminalQuestion } = await import('./catalogue-import.ts');
      const db = await openDatabase(config, log);
      try {
        await migrate(db.sql);
        const opts = { validOnly: Boolean(values['valid-only']), yes: Boolean(values.yes) };
        // pnpm runs scripts in the repository's root; INIT_CWD is where the command was typed
        const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
        return await runCatalogueImport(db.sql, config, path, opts, {
          log, progress: terminalProgress(), ask: terminalQuestion(),
        });
      } finally {
        await db.close();
      }
    }
    case 'policy': {
      const file = positionals[2];
      if (sub !== 'import' || !file) throw new CliError('usage: pnpm annex policy import FILE [--dry-run] [--yes]');
      const { runPolicyImport } = await import('./policy-import.ts');
      const { terminalQuestion } = await import('./catalogue-import.ts');
      const db = await openDatabase(config, log);
      try {
        await migrate(db.sql);
        const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
        return await runPolicyImport(db.sql, config, path, { dryRun: Boolean(values['dry-run']), yes: Boolean(values.yes) }, { log, ask: terminalQuestion() });
      } finally {
        await db.close();
      }
    }
    case 'backup':
    case 'restore': {
      const file = positionals[1];
      if (!file) throw new CliError(`usage: pnpm annex ${command} FILE${command === 'restore' ? ' [--force]' : ''}`);
      const { runBackup, runRestore } = await import('./backup.ts');
      const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
      if (command === 'backup') await runBackup(config, ROOT, path, log);
      else await runRestore(config, path, { force: Boolean(values.force) }, log);
      return 0;
    }
    case 'reindex': {
      const { runReindex } = await import('./search.ts');
      return runReindex(config, positionals.slice(1), log);
    }
    case 'search:check': {
      const { runSearchCheck } = await import('./search.ts');
      return runSearchCheck(config, positionals.slice(1), { dryRun: Boolean(values['dry-run']) }, log);
    }
    default:
      throw new CliError(`unknown command "${command}". Run \`pnpm annex --help\` for the list.`);
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError || error instanceof CliError) {
    console.error(`annex: ${error.message}`);
  } else if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    console.error(`annex: ${error.message}\nRun \`pnpm annex --help\` for the commands and their options.`);
  } else {
    console.error('annex: failed:', error);
  }
  process.exitCode = 1;
}
// a handle left open by a library must not keep a finished command alive
setTimeout(() => process.exit(), 3000).unref();
