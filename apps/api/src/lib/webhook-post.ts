import { type LookupAddress, type LookupOptions, lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { type DestinationProblem, WEBHOOK_TIMEOUT_MS, destinationAddressesProblem, webhookUrlProblem } from '@annex/domain';

// The network side of webhooks: resolving a destination and checking every address it resolves to (when the
// subscription is made), and POSTing with the check made again on the very addresses the connection uses (DNS
// rebinding: a name that resolved to a public address yesterday may resolve to 127.0.0.1 today). Redirects are
// not followed: a 3xx is a failed attempt.

const resolveAll = (host: string): Promise<string[]> =>
  new Promise((resolve) => dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => resolve(err ? [] : addresses.map((a) => a.address))));

/** The problem of a destination URL, its host resolved now (null: fine). */
export async function destinationProblem(url: string, allowPrivate: boolean): Promise<DestinationProblem | null> {
  const form = webhookUrlProblem(url);
  if (form) return form;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return destinationAddressesProblem(isIP(host) ? [host] : await resolveAll(host), allowPrivate);
}

class DestinationRefused extends Error {
  readonly code = 'EDESTINATION';
}

/** A DNS lookup for http(s).request that refuses non-public addresses: the connection uses only what it checked. */
function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupOptions, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const problem = destinationAddressesProblem(addresses.map((a) => a.address), allowPrivate);
      if (problem) return callback(new DestinationRefused(`${hostname} resolves to an address webhooks may not reach`), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** What one attempt came to: the receiver's status (null: none came) and what went wrong; `aborted`: cut off by `signal`. */
export type PostResult = { status: number | null; durationMs: number; error: string | null; aborted?: true };

/** POSTs `body` to `url` with `headers`; never throws. `signal` cuts it off (the process is stopping). */
export async function postWebhook(
  url: string, body: string, headers: Record<string, string>, opts: { allowPrivate: boolean; timeoutMs?: number; signal?: AbortSignal },
): Promise<PostResult> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  const problem = webhookUrlProblem(url);
  if (problem) return { status: null, durationMs: took(), error: `destination refused: ${problem}` };
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // an address in the URL is never looked up: check it here
  if (isIP(host) && destinationAddressesProblem([host], opts.allowPrivate)) return { status: null, durationMs: took(), error: 'destination refused: private_destination' };
  const request = target.protocol === 'https:' ? https.request : http.request;
  return await new Promise<PostResult>((resolve) => {
    const req = request(target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      lookup: guardedLookup(opts.allowPrivate) as never,
      timeout: opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
      signal: opts.signal,
    });
    req.on('response', (res) => {
      // the answer's body is not read: drain it so the socket is freed
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? null, durationMs: took(), error: res.statusCode && res.statusCode < 300 && res.statusCode >= 200 ? null : `HTTP ${res.statusCode}` }));
      res.on('error', () => resolve({ status: res.statusCode ?? null, durationMs: took(), error: `HTTP ${res.statusCode}, answer cut off` }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS} ms`)));
    req.on('error', (err) => opts.signal?.aborted ? resolve({ status: null, durationMs: took(), error: 'aborted', aborted: true }) : resolve({ status: null, durationMs: took(), error: err instanceof DestinationRefused ? `destination refused: ${err.message}` : err.message }));
    req.end(body);
  });
}
