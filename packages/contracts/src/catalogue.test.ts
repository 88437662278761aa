import { describe, expect, it } from 'vitest';
import { CatalogueEntryInput, CatalogueListQuery, UpdateCatalogueEntryRequest } from './catalogue.ts';

const minimal = {
  code: ' lc-jy-0001 ', title: '中小学课堂教学视频', agencyId: '3f2b7c1e-8d4a-4c6b-9e1f-2a3b4c5d6e7f', sector: 'education', modality: 'video',
  updateFrequency: 'semiannual', sharingType: 'conditional', openType: 'conditional', dataLevel: 'general',
};

describe('CatalogueEntryInput (one entry, also one row of an import)', () => {
  it('normalises the code and fills the optional fields', () => {
    expect(CatalogueEntryInput.parse(minimal)).toEqual({
      ...minimal, code: 'LC-JY-0001', summary: '', taskTypes: [], volume: null, coverageFrom: null, coverageTo: null,
      containsPersonalInfo: false, accessConditions: '', annotationStatus: 'pending', county: null, tags: [], contact: null,
    });
    expect(CatalogueEntryInput.parse({ ...minimal, contact: { name: '王老师' } }).contact).toEqual({ name: '王老师', phone: null, email: null });
  });

  it.each([
    ['code', { code: 'LC_JY_1' }],
    ['code', { code: 'LC-JY-0001-0002-0003-0004' }],
    ['sector', { sector: '教育' }],
    ['volume.quantity', { volume: { quantity: 1.5, unit: 'hours' } }],
    ['volume.unit', { volume: { quantity: 10, unit: 'TB' } }],
    ['coverageTo', { coverageFrom: '2025-01-02', coverageTo: '2025-01-01' }],
    ['taskTypes', { taskTypes: ['bbox', 'bbox'] }],
    ['contact.phone', { contact: { name: '王老师', phone: '12345' } }],
    ['county', { county: '110101' }],
    ['title', { title: '课堂\u200f视频' }],
    ['extra', { extra: 1 }],
  ])('refuses a bad %s', (path, over) => {
    const r = CatalogueEntryInput.safeParse({ ...minimal, ...over });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.') || (i.code === 'unrecognized_keys' ? 'extra' : ''))).toContain(path);
  });
});

describe('UpdateCatalogueEntryRequest', () => {
  it('takes what is given and fills nothing', () => {
    expect(UpdateCatalogueEntryRequest.parse({ title: '新标题', version: 3 })).toEqual({ title: '新标题', version: 3 });
    expect(UpdateCatalogueEntryRequest.safeParse({ version: 3 }).success).toBe(false);
    expect(UpdateCatalogueEntryRequest.safeParse({ annotationStatus: 'completed' }).success).toBe(false);
  });
});

describe('CatalogueListQuery', () => {
  it('reads lists as a,b or repeated and refuses unknown values', () => {
    expect(CatalogueListQuery.parse({ sector: 'education,health', openType: ['conditional'] })).toMatchObject({
      sector: ['education', 'health'], openType: ['conditional'], limit: 20,
    });
    expect(CatalogueListQuery.safeParse({ agencyId: 'not-a-uuid' }).success).toBe(false);
  });
});
