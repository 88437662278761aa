import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// What two use cases share is a rule (packages/domain) or a query (a repository, or one of the query and helper
// modules below), never another use case: a use case imports only these siblings.
const SHARED = new Set([
  'context.ts', 'guards.ts', 'viewer.ts', 'notify.ts', 'presenters.ts', 'market-presenters.ts', 'order-errors.ts',
  'system-audit.ts', 'search-paging.ts', 'search-queries.ts', 'catalogue-view.ts', 'audit-view.ts', 'track-record-view.ts',
  'curation-view.ts', 'vendor-ranking.ts',
]);

const dir = new URL('./', import.meta.url);
const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

/** The sibling modules a module imports (`from './x.ts'`). */
const siblingsOf = (file: string) =>
  [...readFileSync(new URL(file, dir), 'utf8').matchAll(/from '\.\/([^'/]+)'/g)].map((m) => m[1] as string);

// The policy use cases (use-cases/policy/) and the contract use cases (use-cases/contracts/) share the loader and
// presenters of their own folder the same way.
const FOLDER_SHARED = new Set(['access.ts', 'presenters.ts']);
const folderModules = ['policy', 'contracts'].flatMap((folder) =>
  readdirSync(new URL(`./${folder}/`, import.meta.url)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => `${folder}/${f}`),
);

// The delivery and payment use cases (use-cases/implementation/) share the milestone loader, the presenters and
// the steps after an acceptance or a payment (opening the payment, completing the contract).
const IMPLEMENTATION_SHARED = new Set(['access.ts', 'presenters.ts', 'steps.ts']);
const implementationDir = new URL('./implementation/', import.meta.url);
const implementationModules = readdirSync(implementationDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('use cases', () => {
  it('exist beside the shared modules, which all exist', () => {
    expect(modules.filter((f) => !SHARED.has(f)).length).toBeGreaterThan(10);
    for (const f of SHARED) expect(modules).toContain(f);
  });

  it.each(modules)('%s imports no other use case', (file) => {
    expect(siblingsOf(file).filter((s) => !SHARED.has(s))).toEqual([]);
  });

  it.each(implementationModules)('implementation/%s imports no other use case', (file) => {
    const source = readFileSync(new URL(file, implementationDir), 'utf8');
    const siblings = [...source.matchAll(/from '\.\/([^'/]+)'/g)].map((m) => m[1] as string);
    const parents = [...source.matchAll(/from '\.\.\/([^'/]+)'/g)].map((m) => m[1] as string);
    expect(siblings.filter((s) => !IMPLEMENTATION_SHARED.has(s))).toEqual([]);
    expect(parents.filter((s) => !SHARED.has(s))).toEqual([]);
  });

  it.each(folderModules)('%s imports no other use case', (file) => {
    const source = readFileSync(new URL(file, dir), 'utf8');
    const siblings = [...source.matchAll(/from '\.\/([^'/]+)'/g)].map((m) => m[1] as string);
    const parents = [...source.matchAll(/from '\.\.\/([^'/]+)'/g)].map((m) => m[1] as string);
    expect(siblings.filter((s) => !FOLDER_SHARED.has(s))).toEqual([]);
    expect(parents.filter((s) => !SHARED.has(s))).toEqual([]);
  });
});
