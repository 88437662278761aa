import { DISPUTE_STATUSES } from '@annex/contracts';
import { paramIn } from '#lib/list-href.ts';
import { listPage, requireMe } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

/** The secretariat's queue of delivery and payment disputes; each is decided on its batch's page. */
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);
  const status = paramIn(DISPUTE_STATUSES, url.searchParams.get('status')) ?? 'pending';
  const cursor = url.searchParams.get('cursor');
  const page = listPage(await locals.api.disputeQueue({ status, cursor, limit: 20 }), cookies, url);
  return { status, cursor, ...page };
};
