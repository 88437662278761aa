import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearch, ping } from './client.ts';
import { meilisearchBinary, NoMeilisearchBinaryError, startEmbeddedMeilisearch } from './embedded.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startEmbeddedMeilisearch', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'annex-meili-embedded-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts healthy on loopback with a private master key, keeps data across restarts, stops cleanly', async () => {
    const first = await startEmbeddedMeilisearch({ dataDir, binary: process.env.MEILI_BINARY });
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await ping(first.url)).toBe(true);

    const keyFile = join(dataDir, 'meili', 'master.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(first.masterKey);
    expect(first.masterKey.length).toBeGreaterThanOrEqual(32);

    // the key is enforced: without it, no access
    const anonymous = await fetch(`${first.url}/indexes`);
    expect(anonymous.status).toBe(401);
    // production mode: / answers a status, not the web dashboard that development mode serves there
    const root = await fetch(`${first.url}/`);
    expect(root.headers.get('content-type')).toBe('application/json');
    expect(await root.json()).toEqual({ status: 'Meilisearch is running' });

    const search = createSearch({ url: first.url, masterKey: first.masterKey });
    await search.client.createIndex('kept', { primaryKey: 'id' }).waitTask();
    await first.stop();
    expect(alive(first.pid)).toBe(false);
    expect(await ping(first.url, 300)).toBe(false);
    expect(existsSync(join(dataDir, 'meili', 'meilisearch.pid'))).toBe(false);

    const second = await startEmbeddedMeilisearch({ dataDir, binary: process.env.MEILI_BINARY });
    try {
      expect(second.masterKey).toBe(first.masterKey);
      const again = createSearch({ url: second.url, masterKey: second.masterKey });
      expect((await again.client.getRawIndex('kept')).uid).toBe('kept');
    } finally {
      await second.stop();
    }
    await second.stop(); // a second stop is harmless
  });

  it('ends a Meilisearch orphaned by a killed parent before starting again', async () => {
    const orphan = await startEmbeddedMeilisearch({ dataDir, binary: process.env.MEILI_BINARY });
    // as if the parent had died without calling stop(): the pid file stays behind
    const next = await startEmbeddedMeilisearch({ dataDir, binary: process.env.MEILI_BINARY });
    try {
      // the ended orphan is this test's own child: it counts as alive until Node has reaped it, later on a busy box
      for (const until = Date.now() + 5_000; alive(orphan.pid) && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(alive(orphan.pid)).toBe(false);
      expect(await ping(next.url)).toBe(true);
    } finally {
      await next.stop();
      await orphan.stop();
    }
  });

  it('uses a given port', async () => {
    const { freePort } = await import('./embedded.ts');
    const port = await freePort();
    const server = await startEmbeddedMeilisearch({ dataDir, port, binary: process.env.MEILI_BINARY });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${port}`);
    } finally {
      await server.stop();
    }
  });
});

describe('meilisearchBinary', () => {
  it('resolves the packaged binary and makes it executable', () => {
    const path = meilisearchBinary();
    expect(statSync(path).mode & 0o111).not.toBe(0);
  });

  it('tells the user to set MEILI_URL where no binary exists for the platform', () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    try {
      expect(() => meilisearchBinary()).toThrow(NoMeilisearchBinaryError);
      expect(() => meilisearchBinary()).toThrow(/darwin-x64[\s\S]*MEILI_URL/);
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
  });

  it('refuses a MEILI_BINARY that does not exist', () => {
    expect(() => meilisearchBinary('/nonexistent/meilisearch')).toThrow(/MEILI_BINARY/);
  });
});
