import { describe, expect, it } from 'vitest';
import { type Audience, type AudienceViewer, audienceRecipients, audiencesVisibleTo, inAudience } from './audience.ts';

const PUBLIC: AudienceViewer = { kind: 'public' };
const SECRETARIAT: AudienceViewer = { kind: 'secretariat' };
const memberVendor: AudienceViewer = { kind: 'org', orgKind: 'vendor', member: true };
const memberSchool: AudienceViewer = { kind: 'org', orgKind: 'training_institution', member: true };
const outsiderVendor: AudienceViewer = { kind: 'org', orgKind: 'vendor', member: false };

describe('inAudience', () => {
  // [audience, viewer, sees it]
  it.each([
    ['everyone', PUBLIC, true],
    ['everyone', outsiderVendor, true],
    ['members', PUBLIC, false],
    ['members', outsiderVendor, false],
    ['members', memberVendor, true],
    ['members', memberSchool, true],
    ['vendor', memberVendor, true],
    ['vendor', memberSchool, false],
    ['vendor', outsiderVendor, false],
    ['training_institution', memberSchool, true],
    ['base_operator', SECRETARIAT, true],
    ['members', SECRETARIAT, true],
  ] as [Audience, AudienceViewer, boolean][])('%s × %j → %s', (audience, viewer, sees) => {
    expect(inAudience(audience, viewer)).toBe(sees);
  });
});

describe('audiencesVisibleTo', () => {
  it('lists what inAudience allows, one list per viewer', () => {
    expect(audiencesVisibleTo(PUBLIC)).toEqual(['everyone']);
    expect(audiencesVisibleTo(outsiderVendor)).toEqual(['everyone']);
    expect(audiencesVisibleTo(memberVendor)).toEqual(['everyone', 'members', 'vendor']);
    expect(audiencesVisibleTo(SECRETARIAT)).toHaveLength(6);
  });
});

describe('audienceRecipients', () => {
  it.each([
    ['everyone', { membersOnly: false, orgKind: null }],
    ['members', { membersOnly: true, orgKind: null }],
    ['buyer', { membersOnly: true, orgKind: 'buyer' }],
  ] as const)('%s', (audience, want) => {
    expect(audienceRecipients(audience)).toEqual(want);
  });
});
