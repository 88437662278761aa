import type { Sitemap } from '@annex/contracts';
import { listingHref } from '#lib/curation.ts';

/** The public pages that are not listings: the home page and the four lists. */
const STATIC_PAGES = ['/', '/orders', '/vendors', '/catalogue', '/policy'];

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A sitemaps.org urlset of the public pages and listings (the API has left hidden ones out already). */
export function sitemapXml(origin: string, listings: Sitemap['items']): string {
  const base = origin.replace(/\/$/, '');
  const url = (path: string, lastmod?: string) =>
    `  <url><loc>${escapeXml(base + path)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...STATIC_PAGES.map((p) => url(p)),
    ...listings.map((l) => url(listingHref(l.kind, l.id), l.lastModified)),
    '</urlset>',
    '',
  ].join('\n');
}
