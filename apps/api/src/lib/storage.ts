import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where uploaded files live. Keys are made by `newKey`; the database keeps the metadata. */
export interface FileStorage {
  put(key: string, data: Uint8Array): Promise<void>;
  /** null when there is no such file */
  get(key: string): Promise<Uint8Array | null>;
  delete(key: string): Promise<void>;
}

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A fresh storage key. */
export const newStorageKey = (): string => randomUUID();

function checkKey(key: string): string {
  // keys become paths: only our own uuids, so nothing can climb out of the directory
  if (!KEY.test(key)) throw new Error('invalid storage key');
  return key;
}

/** Files in a local directory (`<ANNEX_DATA_DIR>/files`), two levels deep by key prefix. */
export function createLocalFileStorage(dir: string): FileStorage {
  const pathOf = (key: string) => join(dir, checkKey(key).slice(0, 2), key);
  return {
    async put(key, data) {
      const path = pathOf(key);
      await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
      // write then rename: a reader never sees half a file, a crash leaves only a .part
      const part = `${path}.${process.pid}.part`;
      await writeFile(part, data, { mode: 0o640 });
      await rename(part, path);
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

/** Files in memory (tests). */
export function createMemoryFileStorage(): FileStorage & { size(): number } {
  const files = new Map<string, Uint8Array>();
  return {
    async put(key, data) {
      files.set(checkKey(key), new Uint8Array(data));
    },
    async get(key) {
      return files.get(checkKey(key)) ?? null;
    },
    async delete(key) {
      files.delete(checkKey(key));
    },
    size: () => files.size,
  };
}
