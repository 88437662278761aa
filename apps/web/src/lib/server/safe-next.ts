const BASE = 'http://annex.invalid';
// Browsers drop tabs and newlines from URLs ("/\t/evil" becomes "//evil") and read "\" as "/";
// a Location header with a control character is also refused by Node (a 500)
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\\]/;

function decoded(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/**
 * A path inside this site to go back to (after login, after switching the language), normalised and
 * percent-encoded; anything that could leave the site or break the redirect becomes the fallback.
 */
export function safeNext(next: string | null | undefined, fallback: string): string {
  if (!next?.startsWith('/') || UNSAFE.test(next)) return fallback;
  const plain = decoded(next);
  if (plain === null || UNSAFE.test(plain)) return fallback;
  const url = new URL(next, BASE);
  // dot segments ("/.//evil") and encoded slashes may still leave "//" at the start
  if (url.origin !== BASE || (decoded(url.pathname) ?? '//').startsWith('//')) return fallback;
  return url.pathname + url.search + url.hash;
}
