import { OUTBOX_STATUSES } from '@annex/contracts';

// The outbox's filters as the address has them (a GET form: the address is the filter) and as the API takes them.

export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export type OutboxFilters = { status: OutboxStatus | null; to: string };

const isStatus = (s: string | null): s is OutboxStatus => (OUTBOX_STATUSES as readonly (string | null)[]).includes(s);

/** The filters of the address (an unknown status is no filter; the recipient's text trimmed, at most 254 characters). */
export function outboxFiltersOf(params: URLSearchParams): OutboxFilters {
  const status = params.get('status');
  return { status: isStatus(status) ? status : null, to: (params.get('to') ?? '').trim().slice(0, 254) };
}

/** The list's address with these filters and no cursor (for the pager and the clear link). */
export function outboxHref(f: OutboxFilters): string {
  const q = new URLSearchParams();
  if (f.status) q.set('status', f.status);
  if (f.to) q.set('to', f.to);
  const s = q.toString();
  return `/admin/mail${s ? `?${s}` : ''}`;
}
