import { describe, expect, it } from 'vitest';
import { type CurationAction, type CurationState, UNCURATED, applyCuration, curationActions, seesHiddenListing } from './curation.ts';

const featured: CurationState = { featured: true, hidden: false, reason: '优秀案例' };
const hidden: CurationState = { featured: false, hidden: true, reason: '信息不实' };

describe('applyCuration', () => {
  it.each([
    // [from, action, public?, outcome]
    ['uncurated', UNCURATED, 'feature', true, { featured: true, hidden: false }],
    ['uncurated', UNCURATED, 'feature', false, 'not_public'],
    ['uncurated', UNCURATED, 'hide', true, { featured: false, hidden: true }],
    // a draft or an unverified vendor may be hidden ahead of publication
    ['uncurated', UNCURATED, 'hide', false, { featured: false, hidden: true }],
    ['uncurated', UNCURATED, 'unfeature', true, 'invalid_transition'],
    ['uncurated', UNCURATED, 'unhide', true, 'invalid_transition'],
    ['featured', featured, 'feature', true, 'invalid_transition'],
    ['featured', featured, 'unfeature', true, { featured: false, hidden: false }],
    // hiding ends the featuring: a hidden listing is shown nowhere, first or not
    ['featured', featured, 'hide', true, { featured: false, hidden: true }],
    ['featured', featured, 'unhide', true, 'invalid_transition'],
    ['hidden', hidden, 'feature', true, 'hidden_listing'],
    ['hidden', hidden, 'unfeature', true, 'invalid_transition'],
    ['hidden', hidden, 'hide', true, 'invalid_transition'],
    ['hidden', hidden, 'unhide', true, { featured: false, hidden: false }],
    // unhiding what is no longer public is allowed: it simply stays out of view until published again
    ['hidden', hidden, 'unhide', false, { featured: false, hidden: false }],
  ] as const)('%s, %s (public: %s) → %o', (_, from, action, isPublic, outcome) => {
    const r = applyCuration(from, action as CurationAction, '  理由  ', isPublic);
    if (typeof outcome === 'string') expect(r).toEqual({ ok: false, error: outcome });
    else expect(r).toEqual({ ok: true, value: { ...outcome, reason: '理由' } });
  });

  it('needs a reason for every change', () => {
    for (const a of ['feature', 'unfeature', 'hide', 'unhide'] as const) {
      expect(applyCuration(a === 'unfeature' ? featured : a === 'unhide' ? hidden : UNCURATED, a, '   ', true)).toEqual({ ok: false, error: 'reason_required' });
    }
  });
});

describe('curationActions', () => {
  it.each([
    ['uncurated, public', UNCURATED, true, ['feature', 'hide']],
    ['uncurated, not public', UNCURATED, false, ['hide']],
    ['featured', featured, true, ['unfeature', 'hide']],
    ['hidden', hidden, true, ['unhide']],
  ] as const)('%s: %o', (_, state, isPublic, actions) => {
    expect(curationActions(state, isPublic)).toEqual(actions);
  });
});

describe('seesHiddenListing', () => {
  it.each([
    ['the secretariat', { kind: 'secretariat' }, true],
    ['the owner', { kind: 'buyer', orgId: 'b1' }, true],
    ['a party (bidder)', { kind: 'vendor', orgId: 'v1' }, true],
    ['another vendor', { kind: 'vendor', orgId: 'v2' }, false],
    ['another buyer', { kind: 'buyer', orgId: 'b2' }, false],
    ['the public', { kind: 'public' }, false],
  ] as const)('%s: %s', (_, viewer, sees) => {
    expect(seesHiddenListing(viewer, 'b1', ['v1'])).toBe(sees);
  });
});
