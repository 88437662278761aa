import { describe, expect, it } from 'vitest';
import { capacityRows, currentCertifications, expiresWithin, orderedModalities, totalCapacity, vendorProfileHref } from './vendor-profile.ts';

describe('vendorProfileHref', () => {
  it('leads to /vendors/{id}, the id escaped', () => {
    expect(vendorProfileHref('0196f1c2-aaaa')).toBe('/vendors/0196f1c2-aaaa');
    expect(vendorProfileHref('a/b?c')).toBe('/vendors/a%2Fb%3Fc');
  });
});

describe('capacityRows', () => {
  it('lists the offered task types in the vocabulary order with their capacity, null where none was given', () => {
    const rows = capacityRows({ taskTypes: ['ocr', 'bbox', 'polygon'], dailyCapacity: { ocr: 3000, bbox: 12000 } });
    expect(rows).toEqual([
      { task: 'bbox', perDay: 12000 },
      { task: 'polygon', perDay: null },
      { task: 'ocr', perDay: 3000 },
    ]);
    expect(totalCapacity(rows)).toBe(15000);
  });
  it('is empty for a firm with no task types', () => {
    expect(capacityRows({ taskTypes: [], dailyCapacity: {} })).toEqual([]);
    expect(totalCapacity([])).toBe(0);
  });
});

describe('orderedModalities', () => {
  it('sorts the modalities as the vocabulary does', () => {
    expect(orderedModalities({ modalities: ['audio', 'image', 'point_cloud'] })).toEqual(['image', 'point_cloud', 'audio']);
  });
});

describe('currentCertifications', () => {
  const today = '2026-11-30';
  it('keeps those valid today (the expiry day included) in vocabulary order and drops expired ones', () => {
    const certs = currentCertifications(
      {
        certifications: [
          { name: 'dcmm', expiresOn: '2027-03-01' },
          { name: 'iso9001', expiresOn: '2026-11-29' },
          { name: 'iso27001', expiresOn: '2026-11-30' },
        ],
      },
      today,
    );
    expect(certs).toEqual([
      { name: 'iso27001', expiresOn: '2026-11-30' },
      { name: 'dcmm', expiresOn: '2027-03-01' },
    ]);
  });
  it('shows a certification held twice once, with its latest expiry', () => {
    const certs = currentCertifications(
      { certifications: [{ name: 'mlps3', expiresOn: '2027-01-01' }, { name: 'mlps3', expiresOn: '2028-01-01' }, { name: 'mlps3', expiresOn: '2025-01-01' }] },
      today,
    );
    expect(certs).toEqual([{ name: 'mlps3', expiresOn: '2028-01-01' }]);
  });
});

describe('expiresWithin', () => {
  it('is true from today up to the given number of days ahead, across month and year ends', () => {
    expect(expiresWithin('2026-11-30', '2026-11-30')).toBe(true);
    expect(expiresWithin('2027-01-29', '2026-11-30')).toBe(true);
    expect(expiresWithin('2027-01-30', '2026-11-30')).toBe(false);
    expect(expiresWithin('2026-12-07', '2026-11-30', 7)).toBe(true);
    expect(expiresWithin('2026-12-08', '2026-11-30', 7)).toBe(false);
  });
  it('is false for a date already past', () => {
    expect(expiresWithin('2026-11-29', '2026-11-30')).toBe(false);
  });
});
