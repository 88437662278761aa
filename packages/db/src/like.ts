/** A pattern for `ilike` that finds `q` anywhere, its own `%`, `_` and `\` taken literally. */
export const likePattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
