/**
 * The address of a list page with its filter and sort parameters: empty values and defaults left out, so the
 * plain path is the default list (and links to it stay short and stable).
 */
export function listHref(path: string, params: Record<string, string | null | undefined>, defaults: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v && v !== defaults[k]) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** A list page's query parameter, if it is one of `values` (a status, a sort); else null. */
export function paramIn<T extends string>(values: readonly T[], raw: string | null): T | null {
  return (values as readonly string[]).includes(raw ?? '') ? (raw as T) : null;
}
