/**
 * The JavaScript a first visit of each page loads, read from the web's build: kit's entry files, the page's layouts,
 * its error pages (kit loads them up front) and the page itself, with everything they import statically, followed
 * through the built files themselves. (The lists kit keeps in build/server/nodes/N.js for modulepreload miss a
 * chunk that the layout also imports dynamically; the browser loads it all the same, later.) Sizes are of the
 * brotli files the server sends. `pnpm test:e2e` fails when a page goes over the budget; `pnpm bench:pages`
 * measures the same in Chromium.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const JS_BUDGET = { bytes: 100 * 1024, files: 20 };

export type RouteScripts = { route: string; files: number; bytes: number };

const list = (text: string | undefined): string[] => [...(text ?? '').matchAll(/"([^"]+\.js)"/g)].map((m) => m[1]!);
const numbers = (text: string): number[] => text.split(',').filter((s) => s.trim() !== '').map(Number);

export function routeScripts(webBuild: string): RouteScripts[] {
  const server = join(webBuild, 'server');
  const manifest = readFileSync(join(server, 'manifest.js'), 'utf8');
  const entry = list(/client: \{[^}]*?imports:\[([^\]]*)\]/.exec(manifest)?.[1]);
  if (entry.length === 0) throw new Error(`no client entry in ${join(server, 'manifest.js')}: has SvelteKit changed its format?`);
  const client = join(webBuild, 'client');
  const staticImports = (file: string): string[] =>
    [...readFileSync(join(client, file), 'utf8').matchAll(/(?:import|from)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)].map((m) =>
      relative(client, join(client, dirname(file), m[1]!)));
  const withImports = (files: string[]): string[] => {
    const seen = new Set<string>();
    const todo = [...files];
    for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
      if (seen.has(f)) continue;
      seen.add(f);
      todo.push(...staticImports(f));
    }
    return [...seen];
  };
  // the first file kit lists for a node is the node's own module
  const nodeFile = (n: number) => list(/export const imports = \[([^\]]*)\]/.exec(readFileSync(join(server, 'nodes', `${n}.js`), 'utf8'))?.[1])[0]!;
  const size = (file: string) => {
    const path = join(client, file);
    return statSync(existsSync(`${path}.br`) ? `${path}.br` : path).size;
  };
  const routes = [...manifest.matchAll(/id: "([^"]+)",(?:(?!id: ")[\s\S])*?page: \{ layouts: \[([^\]]*)\], errors: \[([^\]]*)\], leaf: (\d+) \}/g)];
  if (routes.length === 0) throw new Error('no page routes in the manifest: has SvelteKit changed its format?');
  return routes.map(([, route, layouts, errors, leaf]) => {
    const files = new Set(withImports([...entry, ...[...numbers(layouts!), ...numbers(errors!), Number(leaf)].map(nodeFile)]));
    return { route: route!, files: files.size, bytes: [...files].reduce((sum, f) => sum + size(f), 0) };
  });
}

/** The pages over the budget, one line each. */
export function overBudget(routes: RouteScripts[]): string[] {
  return routes
    .filter((r) => r.bytes > JS_BUDGET.bytes || r.files > JS_BUDGET.files)
    .map((r) => `${r.route}: ${(r.bytes / 1024).toFixed(1)} KB in ${r.files} files (budget ${JS_BUDGET.bytes / 1024} KB, ${JS_BUDGET.files} files)`);
}

if (import.meta.main) {
  const routes = routeScripts(process.argv[2] ?? 'apps/web/build');
  for (const r of routes.sort((a, b) => b.bytes - a.bytes)) console.log(`${(r.bytes / 1024).toFixed(1).padStart(6)} KB ${String(r.files).padStart(3)} files  ${r.route}`);
  const over = overBudget(routes);
  if (over.length) {
    console.error(`over the budget:\n${over.join('\n')}`);
    process.exit(1);
  }
}
