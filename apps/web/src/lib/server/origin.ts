/** Content types a plain HTML form can send cross-site without a CORS preflight. */
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The origin browsers use for this site: the configured one, else the scheme the proxy reports
 * (or http) with the request's Host.
 */
export function siteOrigin(configured: string | undefined, headers: Headers): string {
  if (configured) return configured;
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim() || 'http';
  return `${proto}://${headers.get('host') ?? 'localhost'}`;
}

/**
 * True when a form submission comes from another site (the check SvelteKit would do, made
 * against the origin known at run time). Without a configured origin the Origin header only
 * has to name this host, whatever the scheme.
 */
export function isCrossSiteForm(method: string, headers: Headers, configured: string | undefined): boolean {
  if (!MUTATING.has(method)) return false;
  const type = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== '' && !FORM_TYPES.has(type)) return false;
  const origin = headers.get('origin');
  if (!origin) return true;
  if (configured) return origin !== configured;
  try {
    return new URL(origin).host !== headers.get('host');
  } catch {
    return true;
  }
}
