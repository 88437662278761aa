import { describe, expect, it } from 'vitest';
import { readTokenForm, tokenFormErrors, tokenRequest } from './form.ts';

const now = new Date('2026-06-01T04:00:00Z');

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) data.append(k, x);
  return data;
}

describe('the new-token form', () => {
  it('reads known scopes only, in the list order, and turns a date into the end of that Beijing day', () => {
    const v = readTokenForm(form({ name: ' Pipeline ', scopes: ['bids:read', 'orders:read', 'admin:all'], expiresOn: '2026-09-01', sources: '203.0.113.0/24\n2001:db8::/32, 198.51.100.7' }));
    expect(v.scopes).toEqual(['orders:read', 'bids:read']);
    expect(tokenFormErrors(v, now)).toEqual({});
    expect(tokenRequest(v)).toEqual({
      name: 'Pipeline', scopes: ['orders:read', 'bids:read'], expiresAt: '2026-09-01T15:59:59.000Z',
      allowedSources: ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7'],
    });
  });

  it('puts each problem on its field', () => {
    const errors = tokenFormErrors(readTokenForm(form({ name: '', expiresOn: '2028-01-01', sources: '10.0.0.1/8' })), now);
    expect(Object.keys(errors).sort()).toEqual(['expiresOn', 'name', 'scopes', 'sources']);
    expect(errors.sources).toContain('10.0.0.1/8');
  });

  it('refuses a missing or past expiry', () => {
    expect(tokenFormErrors(readTokenForm(form({ name: 'x', scopes: 'orders:read', expiresOn: '' })), now).expiresOn).toBeTruthy();
    expect(tokenFormErrors(readTokenForm(form({ name: 'x', scopes: 'orders:read', expiresOn: '2026-05-01' })), now).expiresOn).toBeTruthy();
  });
});
