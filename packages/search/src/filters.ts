// Meilisearch filter expressions built from typed values. Values are never pasted into the expression:
// strings are quoted with `"` and their `\` and `"` escaped, numbers must be finite, booleans are keywords,
// and field names come from our own code (checked against a strict pattern as well).

/** A value a filter may compare with. */
export type FilterValue = string | number | boolean;

const FIELD = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)?$/;

function field(name: string): string {
  if (!FIELD.test(name)) throw new TypeError(`not a filterable field name: ${JSON.stringify(name)}`);
  return name;
}

/** A value as a filter literal. */
export function literal(value: FilterValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'string') throw new TypeError(`not a filter value: ${typeof value}`);
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Builders of filter expressions; combine them with `and` / `or`, which drop empty parts. */
export const f = {
  eq: (name: string, value: FilterValue) => `${field(name)} = ${literal(value)}`,
  /** not equal, also for documents without the field */
  ne: (name: string, value: FilterValue) => `${field(name)} != ${literal(value)}`,
  /** any of the values (empty list: no condition) */
  anyOf: (name: string, values: readonly FilterValue[]) =>
    values.length === 0 ? '' : `${field(name)} IN [${values.map(literal).join(', ')}]`,
  /** every one of the values (array fields) */
  allOf: (name: string, values: readonly FilterValue[]) => f.and(...values.map((v) => f.eq(name, v))),
  gte: (name: string, value: number) => `${field(name)} >= ${literal(value)}`,
  lte: (name: string, value: number) => `${field(name)} <= ${literal(value)}`,
  gt: (name: string, value: number) => `${field(name)} > ${literal(value)}`,
  lt: (name: string, value: number) => `${field(name)} < ${literal(value)}`,
  and: (...parts: (string | undefined | null | false)[]) => join(parts, 'AND'),
  or: (...parts: (string | undefined | null | false)[]) => join(parts, 'OR'),
};

function join(parts: (string | undefined | null | false)[], op: 'AND' | 'OR'): string {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p.length > 0);
  if (kept.length <= 1) return kept[0] ?? '';
  return kept.map((p) => `(${p})`).join(` ${op} `);
}
