import { describe, expect, it } from 'vitest';
import { isCrossSiteForm, siteOrigin } from './origin.ts';

const h = (init: Record<string, string>) => new Headers(init);
const form = { 'content-type': 'application/x-www-form-urlencoded', host: 'annex.example.cn' };

describe('isCrossSiteForm', () => {
  it('lets a form from the configured origin through', () => {
    expect(isCrossSiteForm('POST', h({ ...form, origin: 'https://annex.example.cn' }), 'https://annex.example.cn')).toBe(false);
  });
  it('refuses a form from another origin, or with no Origin at all', () => {
    expect(isCrossSiteForm('POST', h({ ...form, origin: 'https://evil.example' }), 'https://annex.example.cn')).toBe(true);
    expect(isCrossSiteForm('POST', h({ ...form, origin: 'http://annex.example.cn' }), 'https://annex.example.cn')).toBe(true);
    expect(isCrossSiteForm('POST', h(form), 'https://annex.example.cn')).toBe(true);
    expect(isCrossSiteForm('DELETE', h({ host: 'annex.example.cn', origin: 'https://evil.example' }), undefined)).toBe(true);
  });
  it('compares hosts when no origin is configured', () => {
    expect(isCrossSiteForm('POST', h({ ...form, origin: 'http://annex.example.cn' }), undefined)).toBe(false);
    expect(isCrossSiteForm('POST', h({ ...form, origin: 'http://other.example.cn' }), undefined)).toBe(true);
  });
  it('ignores reads and non-form bodies (JSON needs CORS, which we never grant)', () => {
    expect(isCrossSiteForm('GET', h({ host: 'annex.example.cn', origin: 'https://evil.example' }), undefined)).toBe(false);
    expect(isCrossSiteForm('POST', h({ host: 'x', 'content-type': 'application/json', origin: 'https://evil.example' }), undefined)).toBe(false);
  });
});

describe('siteOrigin', () => {
  it('prefers the configured origin, then the proxy scheme with the Host', () => {
    expect(siteOrigin('https://annex.example.cn', h({ host: 'x' }))).toBe('https://annex.example.cn');
    expect(siteOrigin(undefined, h({ host: 'annex.example.cn', 'x-forwarded-proto': 'https' }))).toBe('https://annex.example.cn');
    expect(siteOrigin(undefined, h({ host: '127.0.0.1:3000' }))).toBe('http://127.0.0.1:3000');
  });
});
