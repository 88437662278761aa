import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { type FactField, factBody, factErrors, factValues } from './facts.ts';

const today = '2026-12-07';
const typed = (v: Partial<Record<FactField, string>>) => ({ ...factValues(null), ...v });

describe('the eligibility facts form', () => {
  it('leaves out what was not said', () => {
    expect(factErrors(typed({}), today)).toEqual({});
    expect(factBody(typed({}))).toEqual({
      foundedOn: null, revenueBand: null, aboveDesignatedSize: null, highTechCertificate: null, highTechValidUntil: null, practitioners: null, localPractitioners: null,
    });
  });
  it.each([
    ['a founding date in the future', { foundedOn: '2027-01-01' }, { foundedOn: m.pol_v_founded() }],
    ['a validity date without a certificate', { highTechValidUntil: '2027-01-01', highTechCertificate: 'no' }, { highTechValidUntil: m.pol_v_valid_until() }],
    ['more local practitioners than practitioners', { practitioners: '10', localPractitioners: '11' }, { localPractitioners: m.pol_v_local() }],
    ['local practitioners without practitioners', { localPractitioners: '3' }, { localPractitioners: m.pol_v_local() }],
    ['a count that is not whole', { practitioners: '1.5' }, { practitioners: m.v_integer() }],
  ] as const)('refuses %s', (_, v, expected) => {
    expect(factErrors(typed(v), today)).toEqual(expected);
  });
  it('sends what was said, typed', () => {
    const v = typed({ foundedOn: '2020-09-01', revenueBand: '5m_20m', aboveDesignatedSize: 'no', highTechCertificate: 'yes', highTechValidUntil: '2027-11-30', practitioners: '180', localPractitioners: '172' });
    expect(factErrors(v, today)).toEqual({});
    expect(factBody(v)).toEqual({
      foundedOn: '2020-09-01', revenueBand: '5m_20m', aboveDesignatedSize: false, highTechCertificate: true, highTechValidUntil: '2027-11-30', practitioners: 180, localPractitioners: 172,
    });
  });
});
