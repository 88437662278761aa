import { must, requireMe } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

/** One e-mail of the outbox with its plain text and HTML. */
export const load: PageServerLoad = async ({ locals, url, cookies, params }) => {
  requireMe(locals, url, ['secretariat']);
  return { mail: must(await locals.api.outboxMailById(params.id), cookies, url) };
};
