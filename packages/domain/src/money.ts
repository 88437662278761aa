/** Money is integer fen (1/100 CNY); never a float. */
export type Fen = number;

/** The largest amount the platform takes: 10 billion CNY, well inside Number.MAX_SAFE_INTEGER. */
export const MAX_FEN = 1_000_000_000_000;

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_FEN;
}

/** ¥1,234,567.89 — with thousands separators and exactly two decimals. */
export function formatFen(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** Parses a yuan amount typed by a person ("1,234.5") into fen, or null when it is not one. */
export function parseYuan(input: string): Fen | null {
  const m = /^\s*(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?\s*$/.exec(input);
  if (!m) return null;
  const fen = Number(m[1]!.replaceAll(',', '')) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return isFen(fen) ? fen : null;
}
