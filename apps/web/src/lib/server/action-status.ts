/**
 * An enhanced form action that fails (`fail(4xx, …)`) is answered with HTTP 200 and the failure in the
 * body, as SvelteKit 2 did: the page still receives `form` and shows the messages, but the browser does
 * not log "Failed to load resource" for an answer that is part of normal use (a wrong password, a late
 * bid). The real status travels in `x-action-status`. Plain form posts (no JavaScript) keep their status,
 * and so do errors (`error()`, 5xx), which SvelteKit's client must still see as errors.
 */
export async function failureAsOk(request: Request, response: Response): Promise<Response> {
  if (
    request.method !== 'POST' ||
    request.headers.get('x-sveltekit-action') !== 'true' ||
    response.status < 400 ||
    response.status >= 500 ||
    !(response.headers.get('content-type') ?? '').startsWith('application/json')
  ) {
    return response;
  }
  const text = await response.text();
  let failure = false;
  try {
    failure = (JSON.parse(text) as { type?: unknown }).type === 'failure';
  } catch {
    // not an action result
  }
  const headers = new Headers(response.headers);
  if (!failure) return new Response(text, { status: response.status, statusText: response.statusText, headers });
  headers.set('x-action-status', String(response.status));
  return new Response(text, { status: 200, headers });
}
