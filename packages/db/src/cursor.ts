import { InvalidCursorError } from './errors.ts';

// Keyset cursors carry the timestamp as epoch microseconds (computed by PostgreSQL): a JS Date keeps only
// milliseconds and would skip or repeat rows that share a millisecond.
export type Keyset = { us: string; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Encodes a (timestamp µs, uuid) keyset position as an opaque string. */
export function encodeCursor(k: Keyset): string {
  return Buffer.from(`${k.us}.${k.id}`, 'utf8').toString('base64url');
}

/** Decodes a cursor from `encodeCursor`; throws InvalidCursorError for anything else. */
export function decodeCursor(cursor: string): Keyset {
  if (cursor.length > 200) throw new InvalidCursorError();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^(-?\d{1,17})\.(.+)$/.exec(text);
  if (!m || !UUID.test(m[2] ?? '')) throw new InvalidCursorError();
  return { us: m[1] ?? '', id: m[2] ?? '' };
}

/** Clamps a page size to 1..max (default 20). */
export function pageSize(limit: number | undefined, max = 100): number {
  if (limit === undefined || !Number.isFinite(limit)) return 20;
  return Math.min(Math.max(Math.trunc(limit), 1), max);
}

/** Encodes a bigint-id position (for tables ordered by an identity column) as an opaque string. */
export function encodeIdCursor(id: number): string {
  return Buffer.from(`n.${id}`, 'utf8').toString('base64url');
}

/** Decodes a cursor from `encodeIdCursor`; throws InvalidCursorError for anything else. */
export function decodeIdCursor(cursor: string): number {
  if (cursor.length > 40) throw new InvalidCursorError();
  const m = /^n\.(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new InvalidCursorError();
  return Number(m[1]);
}
