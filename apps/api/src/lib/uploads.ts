import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';
import { MAX_FILE_BYTES, checkFile, uploadFileName } from './file-policy.ts';
import { type FileStorage, newStorageKey } from './storage.ts';

/** A file as a route hands it over: the name the client sent and the bytes. */
export type UploadedFile = { name: string; bytes: Uint8Array };

/**
 * How many files, and bytes in all, one holder of files keeps at most (an order, a bid, a policy case);
 * `holder` names it in messages, with its article: "an order", "a bid".
 */
export type UploadLimits = { holder: string; maxFiles: number; maxTotalBytes: number };

/** The files a holder keeps now. */
export type UploadUsage = { count: number; bytes: number };

/** An upload that passed checkUpload: the name to store, the type its content shows, its size and SHA-256. */
export type CheckedUpload = { fileName: string; contentType: string; sizeBytes: number; sha256: string; bytes: Uint8Array };

/** What a holder's row of a stored file records (the bytes are in storage under `storageKey`). */
export type StoredUpload = Omit<CheckedUpload, 'bytes'> & { storageKey: string };

/**
 * The checks every upload passes, whatever holds it: not empty, at most MAX_FILE_BYTES, a name without control or
 * direction characters, a type decided by content (checkFile), and room under the holder's limits. `usage` is read
 * only once the file itself passes. Throws the AppError to answer (400, 413, 415 or 422).
 */
export async function checkUpload(file: UploadedFile, limits: UploadLimits, usage: () => Promise<UploadUsage>): Promise<CheckedUpload> {
  const size = file.bytes.byteLength;
  if (size === 0) throw new AppError('validation_failed', 'the file is empty', { errors: [{ path: 'file', message: 'empty' }] });
  if (size > MAX_FILE_BYTES) throw new AppError('payload_too_large', `a file may have at most ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  const fileName = uploadFileName(file.name);
  const type = await checkFile(fileName, file.bytes);
  if (!type.ok) throw new AppError('unsupported_media_type', type.reason, { errors: [{ path: 'file', message: type.reason }] });
  const used = await usage();
  if (used.count >= limits.maxFiles) throw new AppError('rule_violation', `${limits.holder} has at most ${limits.maxFiles} files`);
  if (used.bytes + size > limits.maxTotalBytes) {
    throw new AppError('rule_violation', `${limits.holder}'s files may hold at most ${limits.maxTotalBytes / 1024 / 1024} MB in all`);
  }
  return { fileName, contentType: type.contentType, sizeBytes: size, sha256: createHash('sha256').update(file.bytes).digest('hex'), bytes: file.bytes };
}

/**
 * Puts a checked upload's bytes in storage, then runs `record` to write its row (and whatever goes with it); when
 * that fails, the bytes are removed again, so storage keeps no file without a row.
 */
export async function storeUpload<T>(storage: FileStorage, upload: CheckedUpload, record: (file: StoredUpload) => Promise<T>): Promise<T> {
  const { bytes, ...meta } = upload;
  const storageKey = newStorageKey();
  await storage.put(storageKey, bytes);
  try {
    return await record({ ...meta, storageKey });
  } catch (err) {
    await storage.delete(storageKey).catch(() => {});
    throw err;
  }
}
