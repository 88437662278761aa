const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a textual UUID; lookups by a malformed id answer "not found" instead of a database error. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
