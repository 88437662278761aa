import { describe, expect, it } from 'vitest';
import { sitemapXml } from './sitemap.ts';

describe('sitemapXml', () => {
  it('lists the public pages and each listing at its page, with its last change', () => {
    const xml = sitemapXml('https://annex.example.cn/', [
      { kind: 'order', id: '00000000-0000-4000-8000-000000000001', lastModified: '2026-12-01T08:00:00.000Z' },
      { kind: 'vendor', id: '00000000-0000-4000-8000-000000000002', lastModified: '2026-12-02T08:00:00.000Z' },
      { kind: 'catalogue_entry', id: '00000000-0000-4000-8000-000000000003', lastModified: '2026-12-03T08:00:00.000Z' },
      { kind: 'policy_service', id: '00000000-0000-4000-8000-000000000004', lastModified: '2026-12-04T08:00:00.000Z' },
    ]);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    expect(xml).toContain('<url><loc>https://annex.example.cn/</loc></url>');
    expect(xml).toContain('<url><loc>https://annex.example.cn/catalogue</loc></url>');
    expect(xml).toContain('<loc>https://annex.example.cn/orders/00000000-0000-4000-8000-000000000001</loc><lastmod>2026-12-01T08:00:00.000Z</lastmod>');
    expect(xml).toContain('/vendors/00000000-0000-4000-8000-000000000002</loc>');
    expect(xml).toContain('/catalogue/00000000-0000-4000-8000-000000000003</loc>');
    expect(xml).toContain('/policy/00000000-0000-4000-8000-000000000004</loc>');
    expect(xml.match(/<url>/g)).toHaveLength(9);
  });
});
