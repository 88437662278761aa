import { paraglideVitePlugin } from '@inlang/paraglide-js';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type PluginOption } from 'vite';

// Messages are compiled by the Paraglide CLI before `vite build` (package.json), and by the tests' own CLI run.
// Left to compile them inside the build, the plugin made a build from a fresh checkout 34 s instead of 12 s.
// Under `vite dev` it recompiles on change; its type declarations are for the editor there (`check` writes its own).
const i18n = (command: 'build' | 'serve'): PluginOption[] =>
  command === 'serve' && !process.env.VITEST
    ? [paraglideVitePlugin({ project: './project.inlang', outdir: './src/lib/paraglide', emitTsDeclarations: true })]
    : [];

// Browser chunks. Left to itself the bundler gave a page 35–55 files, most of them one message each; grouping what
// pages share by the pages that share it and merging the small groups once put the order wizard into a chunk the
// layout loads, so every page paid for it. Instead, in this order:
// - svelte and kit's runtime in one file;
// - everything the root layout and error page import, however deep, in one file that nothing else is merged into;
// - zod alone, for pages that validate with the contracts' schemas (none today: the browser's rules use the
//   contracts' plain patterns);
// - our small shared modules (≤ 3 kB: badges, fields, formatters) in one file: a page loads a few kB it does not use
//   instead of ten requests;
// - then the messages, and apart from them our larger modules, that several pages share, grouped by the pages that
//   use them, small groups merged into the closest one.
// The figures behind these settings: scripts/js-budget.ts (run by `pnpm test:e2e`) and `pnpm bench:pages`.
const FRAMEWORK = /node_modules[\\/](svelte|@sveltejs|devalue|esm-env|clsx)[\\/]/;
// kit finds its runtime as the chunks of these two entries
const KIT_ENTRIES = /kit[\\/]src[\\/]runtime[\\/]client[\\/](client-)?entry/;
// modules that build zod schemas when loaded: kept out of the shared groups, so zod stays with the pages using them
const ZOD_USERS = /packages[\\/]contracts[\\/]src[\\/](?!errors|vocabulary|hidden-characters)/;
// modules of a few pages of their own — the words of the KPI dashboard and of the e-mail pages (settings, unsubscribe,
// the mail viewer) with their formatting, a quarter's name (the statistics pages and the dashboard), the secretariat's
// list panel and the decisions of its review queues: kept out of the groups below, which merge small groups into ones
// other pages load (they made /org and the order page pay for them; the list panel in the small shared modules' file
// cost every page 0.8 kB)
const OWN_PAGES_ONLY =
  /src[\\/]lib[\\/](kpi-text\.ts$|email-text\.ts$|quarter-text\.ts$|org-decision\.ts$|components[\\/]ListPanel\.svelte$|paraglide[\\/]messages[\\/](kpi_|ek_|es_|mail_|email_|st_quarter\.js$))/;
// the root layout and error page: kit loads both on every page
const LAYOUT = /src[\\/]routes[\\/]\+(layout|error)\.svelte$/;
// modules that re-export others (a package's indexes, the messages): what the layout uses through them is found by
// tree-shaking, not by the walk up the importers
const BARREL = /packages[\\/][^\\/]+[\\/]src[\\/](.+[\\/])?index\.ts$|paraglide[\\/]messages\.js$/;
type ModuleGraph = { getModuleInfo(id: string): { importers: readonly string[] } | null };
const underLayout = new Map<string, boolean>();
function importedByLayout(id: string, graph: ModuleGraph, path = new Set<string>()): boolean {
  const known = underLayout.get(id);
  if (known !== undefined) return known;
  if (path.has(id)) return false;
  path.add(id);
  const found = LAYOUT.test(id) || (graph.getModuleInfo(id)?.importers ?? []).some((i) => !BARREL.test(i) && importedByLayout(i, graph, path));
  path.delete(id);
  underLayout.set(id, found);
  return found;
}
const codeSplitting = {
  groups: [
    { name: 'framework', test: (id: string) => FRAMEWORK.test(id) && !KIT_ENTRIES.test(id), priority: 4 },
    {
      name: (id: string, graph: ModuleGraph) => (!id.includes('node_modules') && importedByLayout(id, graph) ? 'layout' : null),
      priority: 3,
    },
    { name: 'zod', test: /node_modules[\\/]zod[\\/]/, priority: 2 },
    {
      name: 'common',
      test: (id: string) => /[\\/]src[\\/]lib[\\/]/.test(id) && !/paraglide/.test(id) && !ZOD_USERS.test(id) && !OWN_PAGES_ONLY.test(id),
      maxModuleSize: 3_000,
      minShareCount: 2,
      priority: 2,
    },
    {
      name: 'words',
      test: (id: string) => /paraglide[\\/]messages[\\/]/.test(id) && !OWN_PAGES_ONLY.test(id),
      minShareCount: 2,
      entriesAware: true,
      entriesAwareMergeThreshold: 32_000,
      priority: 1,
    },
    {
      name: 'shared',
      test: (id: string) => !id.includes('node_modules') && !ZOD_USERS.test(id) && !OWN_PAGES_ONLY.test(id),
      minShareCount: 2,
      entriesAware: true,
      entriesAwareMergeThreshold: 8_000,
      priority: 1,
    },
  ],
};

export default defineConfig(({ command }) => ({
  environments: { client: { build: { rolldownOptions: { output: { codeSplitting } } } } },
  plugins: [
    ...i18n(command),
    sveltekit({
      adapter: adapter(),
      // a page's CSS is a few kB: inlined, the first paint waits for no stylesheet request
      inlineStyleThreshold: 64 * 1024,
      // adapter-node 6 fixes the origin at build time (https + Host unless paths.origin is set), so the
      // cross-site form check is done in hooks.server.ts against ORIGIN read when the server starts
      csrf: { trustedOrigins: ['*'] },
      // scripts and styles only from this origin (SvelteKit adds nonces/hashes for its own inline bits)
      csp: {
        mode: 'auto',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          // SvelteKit's route announcer carries a style attribute; inline styles cannot run code
          'style-src': ['self', 'unsafe-inline'],
          'img-src': ['self', 'data:'],
          'font-src': ['self'],
          'connect-src': ['self'],
          'form-action': ['self'],
          'object-src': ['none'],
          'base-uri': ['none'],
          'frame-ancestors': ['none'],
        },
      },
    }),
  ],
}));
