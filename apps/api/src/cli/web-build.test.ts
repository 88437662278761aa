import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { webBuildStaleness } from './web-build.ts';

describe('webBuildStaleness', () => {
  const root = mkdtempSync(join(tmpdir(), 'annex-webbuild-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const touch = (path: string, secondsAgo: number) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), 'x');
    const t = Date.now() / 1000 - secondsAgo;
    utimesSync(join(root, path), t, t);
  };

  it('asks for a build when there is none, and after a source changed', () => {
    touch('apps/web/src/routes/+page.svelte', 100);
    expect(webBuildStaleness(root)).toBe('apps/web/build is missing');
    touch('apps/web/build/index.js', 50);
    expect(webBuildStaleness(root)).toBeNull();
    touch('packages/contracts/src/auth.ts', 10);
    expect(webBuildStaleness(root)).toBe('packages/contracts/src changed since the last build');
  });

  it('ignores the generated Paraglide messages', () => {
    touch('apps/web/build/index.js', 5);
    touch('apps/web/src/lib/paraglide/messages.js', 1);
    expect(webBuildStaleness(root)).toBeNull();
  });
});
