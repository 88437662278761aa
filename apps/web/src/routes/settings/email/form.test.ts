import type { EmailPreferences } from '@annex/contracts';
import { NOTIFICATION_KINDS } from '@annex/contracts';
import { defaultEmailMode } from '@annex/domain';
import { describe, expect, it } from 'vitest';
import { changeCount, emailChanges, modeField, readEmailForm } from './form.ts';

const current: EmailPreferences = {
  email: 'a@example.cn',
  language: 'zh-CN',
  kinds: NOTIFICATION_KINDS.map((kind) => ({ kind, mode: defaultEmailMode(kind), defaultMode: defaultEmailMode(kind) })),
};
const kinds = current.kinds.map((k) => k.kind);

/** The form as the page posts it: every kind's radio as it is now, with some changed. */
function posted(changes: Record<string, string>, language = 'zh-CN'): FormData {
  const data = new FormData();
  data.set('language', language);
  for (const k of current.kinds) data.set(modeField(k.kind), k.mode);
  for (const [k, v] of Object.entries(changes)) data.set(k, v);
  return data;
}

describe('the e-mail settings form', () => {
  it('sends only the kinds that changed, so untouched kinds keep following their default', () => {
    const body = emailChanges(current, readEmailForm(posted({ [modeField('bid_received')]: 'digest', [modeField('award_final')]: 'off' }), kinds));
    expect(body).toEqual({ modes: { bid_received: 'digest', award_final: 'off' } });
    expect(changeCount(body)).toBe(2);
  });

  it('sends nothing when nothing changed, and the language alone when only it did', () => {
    expect(emailChanges(current, readEmailForm(posted({}), kinds))).toBeNull();
    expect(changeCount(null)).toBe(0);
    expect(emailChanges(current, readEmailForm(posted({}, 'en'), kinds))).toEqual({ language: 'en' });
  });

  it('ignores unknown modes, unknown languages and kinds the page did not list', () => {
    const data = posted({ [modeField('bid_received')]: 'weekly', [modeField('no_such_kind')]: 'off' }, 'fr');
    const choice = readEmailForm(data, kinds);
    expect(choice.language).toBeNull();
    expect(choice.modes.bid_received).toBeUndefined();
    expect(Object.keys(choice.modes)).not.toContain('no_such_kind');
    expect(emailChanges(current, choice)).toBeNull();
  });
});
