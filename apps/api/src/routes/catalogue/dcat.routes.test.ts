import { readFileSync } from 'node:fs';
import { catalogue } from '@annex/db';
import { createCatalogueEntry } from '@annex/db/fixtures.ts';
import jsonld from 'jsonld';
import { Parser, type Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { call, setupApp } from '../../test-helpers.ts';

// The published catalogue as DCAT-AP 3.0 JSON-LD: it parses (expand, toRDF) and conforms to the DCAT-AP 3.0.0
// SHACL shapes (reference/, copied unchanged from SEMIC) with no violation.

const SHAPES = new URL('../../../../../reference/dcat-ap-3.0.0-SHACL.ttl', import.meta.url);

let t: Awaited<ReturnType<typeof setupApp>>;
let app: App;
let codes: string[] = [];

beforeAll(async () => {
  t = await setupApp();
  app = t.app;
  const full = await createCatalogueEntry(t.db.sql, {
    fields: { coverageFrom: '2021-09-01', coverageTo: '2025-07-15', county: '371502', tags: ['课堂', '教学'], sector: 'education',
      updateFrequency: 'monthly', contact: { name: '王老师', phone: '0635-8888888', email: 'wang@example.cn' } },
  });
  const bare = await createCatalogueEntry(t.db.sql, { fields: { summary: '', sector: 'other', updateFrequency: 'irregular', openType: 'not_open' } });
  const draft = await createCatalogueEntry(t.db.sql, { status: 'draft' });
  codes = [full.code, bare.code, draft.code];
  expect((await catalogue.getById(t.db.sql, full.id))?.status).toBe('published');
}, 120_000);
afterAll(() => t?.close());

const quadsOf = (text: string): Quad[] => new Parser({ format: 'N-Quads' }).parse(text);

describe('GET /catalogue/dcat.jsonld', () => {
  it('is JSON-LD with a dcat:Catalog and a dcat:Dataset per published entry, Chinese tagged @zh, EU frequency and themes', async () => {
    const r = await call(app, 'GET', '/api/v1/catalogue/dcat.jsonld');
    expect(r.status).toBe(200);
    expect(r.res.headers.get('content-type')).toContain('application/ld+json');
    const expanded = await jsonld.expand(r.json);
    const DCAT = 'http://www.w3.org/ns/dcat#';
    const datasets = expanded.filter((n) => (n['@type'] as string[] | undefined)?.includes(`${DCAT}Dataset`));
    const ids = datasets.map((d) => (d['http://purl.org/dc/terms/identifier'] as { '@value': string }[])[0]!['@value']);
    expect(ids).toEqual(expect.arrayContaining([codes[0], codes[1]]));
    expect(ids).not.toContain(codes[2]); // drafts are not public
    const full = datasets.find((d) => ids[datasets.indexOf(d)] === codes[0])!;
    expect(full['http://purl.org/dc/terms/title']).toEqual([expect.objectContaining({ '@language': 'zh' })]);
    expect(full['http://purl.org/dc/terms/accrualPeriodicity']).toEqual([{ '@id': 'http://publications.europa.eu/resource/authority/frequency/MONTHLY' }]);
    expect(full[`${DCAT}theme`]).toEqual(expect.arrayContaining([{ '@id': 'http://publications.europa.eu/resource/authority/data-theme/EDUC' }]));
    expect(JSON.stringify(r.json)).not.toContain('0635-8888888'); // the contact is for verified members only
  });

  it('conforms to the DCAT-AP 3.0.0 SHACL shapes with zero violations', async () => {
    const r = await call(app, 'GET', '/api/v1/catalogue/dcat.jsonld');
    const nquads = (await jsonld.toRDF(r.json, { format: 'application/n-quads' })) as unknown as string;
    const data = quadsOf(nquads);
    expect(data.length).toBeGreaterThan(50);
    const shapes = new Parser({ format: 'text/turtle' }).parse(readFileSync(SHAPES, 'utf8'));
    const validator = new SHACLValidator(shapes as never);
    const report = await validator.validate(validator.factory.dataset(data as never) as never);
    const violations = report.results.map((x) => `${x.focusNode?.value} ${x.path?.value}: ${x.message.map((m) => m.value).join(' ')}`);
    expect(violations).toEqual([]);
    expect(report.conforms).toBe(true);
  }, 120_000);

  it('a shape breach is found (the check can fail): a dataset without a title', async () => {
    const r = await call(app, 'GET', '/api/v1/catalogue/dcat.jsonld');
    const doc = structuredClone(r.json);
    const ds = doc['@graph'].find((n: Record<string, unknown>) => n['@type'] === 'dcat:Dataset');
    delete ds['dct:title'];
    ds['dct:accrualPeriodicity'] = { '@id': 'http://example.org/not-a-frequency' };
    const nquads = (await jsonld.toRDF(doc, { format: 'application/n-quads' })) as unknown as string;
    const shapes = new Parser({ format: 'text/turtle' }).parse(readFileSync(SHAPES, 'utf8'));
    const validator = new SHACLValidator(shapes as never);
    const report = await validator.validate(validator.factory.dataset(quadsOf(nquads) as never) as never);
    expect(report.conforms).toBe(false);
    expect(report.results.length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
