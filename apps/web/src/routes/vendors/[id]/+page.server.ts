import { beijingDate } from '#lib/i18n.ts';
import { must, optional } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

// Public: anyone may look at a verified firm before awarding; the API answers 404 for unknown or unverified ids.
export const load: PageServerLoad = async ({ locals, params, cookies, url }) => {
  const [vendorRes, recordRes] = await Promise.all([locals.api.publicVendor(params.id), locals.api.trackRecord(params.id)]);
  const vendor = must(vendorRes, cookies, url);
  return { vendor, record: optional(recordRes, cookies), today: beijingDate(new Date()) };
};
