import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { MAX_FILE_BYTES } from './file-policy.ts';
import { createMemoryFileStorage } from './storage.ts';
import { type UploadUsage, checkUpload, storeUpload } from './uploads.ts';

const enc = new TextEncoder();
const CSV = enc.encode('id,label\n1,car\n');
const LIMITS = { holder: 'a case', maxFiles: 3, maxTotalBytes: 1024 * 1024 };

/** The usage a check reads, and whether it read it. */
function usage(u: UploadUsage) {
  const read = { count: 0 };
  const fn = async () => {
    read.count += 1;
    return u;
  };
  return { read, fn };
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return { code: (err as AppError).code, message: (err as AppError).detail };
}

describe('checkUpload', () => {
  it('gives the cleaned name, the type by content, the size and the digest', async () => {
    const u = usage({ count: 2, bytes: 1000 });
    expect(await checkUpload({ name: 'dir/标注.csv', bytes: CSV }, LIMITS, u.fn)).toEqual({
      fileName: '标注.csv', contentType: 'text/csv; charset=utf-8', sizeBytes: CSV.byteLength,
      sha256: createHash('sha256').update(CSV).digest('hex'), bytes: CSV,
    });
    expect(u.read.count).toBe(1);
  });

  // a refused file never costs the holder's usage query
  it.each([
    ['an empty file', 'a.csv', new Uint8Array(), 'validation_failed'],
    ['a file over the size limit', 'a.csv', new Uint8Array(MAX_FILE_BYTES + 1), 'payload_too_large'],
    ['a name with a direction override', 'a\u202Evsc.exe', CSV, 'validation_failed'],
    ['content that is not what the name says', 'a.pdf', CSV, 'unsupported_media_type'],
  ])('refuses %s before reading the usage', async (_, name, bytes, code) => {
    const u = usage({ count: 0, bytes: 0 });
    expect((await refusal(checkUpload({ name, bytes }, LIMITS, u.fn))).code).toBe(code);
    expect(u.read.count).toBe(0);
  });

  it.each([
    // 3 files kept, at most 3
    [{ count: 3, bytes: 0 }, 'a case has at most 3 files'],
    // 1 MB − 10 bytes kept + the 16-byte CSV > 1 MB
    [{ count: 1, bytes: 1024 * 1024 - 10 }, "a case's files may hold at most 1 MB in all"],
  ])('refuses a file the holder has no room for (%o)', async (used, message) => {
    expect(await refusal(checkUpload({ name: 'a.csv', bytes: CSV }, LIMITS, usage(used).fn))).toEqual({ code: 'rule_violation', message });
  });

  it('takes a file that fills the holder exactly', async () => {
    const r = await checkUpload({ name: 'a.csv', bytes: CSV }, LIMITS, usage({ count: 2, bytes: 1024 * 1024 - CSV.byteLength }).fn);
    expect(r.sizeBytes).toBe(CSV.byteLength);
  });
});

describe('storeUpload', () => {
  it('stores the bytes under the key it hands to the row', async () => {
    const storage = createMemoryFileStorage();
    const upload = await checkUpload({ name: 'a.csv', bytes: CSV }, LIMITS, usage({ count: 0, bytes: 0 }).fn);
    const row = await storeUpload(storage, upload, async (file) => file);
    expect(row).toMatchObject({ fileName: 'a.csv', sizeBytes: CSV.byteLength });
    expect(row).not.toHaveProperty('bytes');
    expect(await storage.get(row.storageKey)).toEqual(CSV);
  });

  it('removes the bytes again when the row cannot be written', async () => {
    const storage = createMemoryFileStorage();
    const upload = await checkUpload({ name: 'a.csv', bytes: CSV }, LIMITS, usage({ count: 0, bytes: 0 }).fn);
    let key = '';
    const failed = storeUpload(storage, upload, async (file) => {
      key = file.storageKey;
      expect(storage.size()).toBe(1);
      throw new AppError('bidding_closed', 'closed meanwhile');
    });
    expect((await refusal(failed)).code).toBe('bidding_closed');
    expect(key).not.toBe('');
    expect(storage.size()).toBe(0);
  });
});
