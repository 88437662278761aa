import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { dimensionLabel, readReviewForm } from './review-form.ts';

const form = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.set(k, v);
  return f;
};

describe('readReviewForm', () => {
  it('reads the stars of the dimensions offered and the text', () => {
    const r = readReviewForm(form({ dimensions: 'quality,timeliness,communication', quality: '5', timeliness: '3', communication: '4', body: ' 很好 ' }));
    expect(r).toMatchObject({ ok: true, value: { ratings: { quality: 5, timeliness: 3, communication: 4 }, body: '很好' } });
  });
  it.each([
    ['a dimension not chosen', { quality: '5', timeliness: '', communication: '4', body: '好' }, 'timeliness', m.rv_pick_stars()],
    ['six stars', { quality: '6', timeliness: '3', communication: '4', body: '好' }, 'quality', m.rv_pick_stars()],
    ['no text', { quality: '5', timeliness: '3', communication: '4', body: '  ' }, 'body', m.rv_body_required()],
  ])('names %s', (_, fields, key, message) => {
    const r = readReviewForm(form({ dimensions: 'quality,timeliness,communication', ...fields }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[key]).toBe(message);
  });
  it('ignores a dimension it does not know and keeps what was typed', () => {
    const r = readReviewForm(form({ dimensions: 'price', price: '5', body: '好' }));
    expect(r).toMatchObject({ ok: false, values: { body: '好' } });
  });
  it('names the dimensions', () => {
    expect(dimensionLabel('paymentTimeliness')).toBe(m.rv_dim_paymentTimeliness());
    expect(dimensionLabel('other')).toBe('other');
  });
});
