import { NOTIFICATION_KINDS } from '@annex/contracts';
import { describe, expect, it } from 'vitest';
import { EMAIL_GROUPS, EMAIL_KIND_NAME, emailGroupOf, emailKindLabel, emailKindName } from './email-text.ts';

describe('e-mail kinds in words', () => {
  it('names every notification kind and puts each in a group the settings page lists', () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(EMAIL_KIND_NAME[kind](), kind).not.toBe('');
      expect(EMAIL_GROUPS, kind).toContain(emailGroupOf(kind));
    }
  });

  it('groups as a person reads them', () => {
    expect(emailGroupOf('bid_received')).toBe('bidding');
    expect(emailGroupOf('bid_awarded')).toBe('award');
    expect(emailGroupOf('order_match')).toBe('matching');
    expect(emailGroupOf('webhook_disabled')).toBe('account');
  });

  it('says the digest and unknown kinds plainly', () => {
    expect(emailKindName('digest')).not.toBe('digest');
    expect(emailKindName('some_future_kind')).toBe('some_future_kind');
    expect(emailKindLabel('some_future_kind')).toBe('some_future_kind');
  });
});
