import { beijingDate } from '#lib/i18n.ts';
import { must } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

// Public: anyone may look at a verified firm before awarding; the API answers 404 for unknown or unverified ids.
export const load: PageServerLoad = async ({ locals, params, cookies, url }) => {
  const vendor = must(await locals.api.publicVendor(params.id), cookies, url);
  return { vendor, today: beijingDate(new Date()) };
};
