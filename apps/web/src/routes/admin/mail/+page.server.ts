import { listPage, requireMe } from '#lib/server/page.ts';
import { outboxFiltersOf, outboxHref } from './filters.ts';
import type { PageServerLoad } from './$types';

/** The operator's mail viewer: the e-mail outbox, newest first, filtered by status and recipient, paged by cursor. */
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const filters = outboxFiltersOf(url.searchParams);
  const cursor = url.searchParams.get('cursor');
  const res = await locals.api.outboxMail({ cursor, limit: 50, status: filters.status ?? undefined, to: filters.to || undefined });
  return { filters, listHref: outboxHref(filters), cursor, transport: res.ok ? res.data.transport : null, ...listPage(res, cookies, url) };
};
