import { error } from '@sveltejs/kit';
import { ORIGIN, PUBLIC_ORIGIN } from '$app/env/private';
import { siteOrigin } from '#lib/server/origin.ts';
import { sitemapXml } from '#lib/server/sitemap.ts';
import type { RequestHandler } from './$types';

/** /sitemap.xml: the public pages and every public listing the secretariat does not hide. */
export const GET: RequestHandler = async ({ locals, request }) => {
  const res = await locals.api.sitemap();
  if (!res.ok) error(503, res.problem.detail);
  return new Response(sitemapXml(siteOrigin(ORIGIN ?? PUBLIC_ORIGIN, request.headers), res.data.items), {
    headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=600' },
  });
};
