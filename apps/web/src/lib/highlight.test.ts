import { describe, expect, it } from 'vitest';
import { plain, segments } from './highlight.ts';

describe('segments', () => {
  it('splits marked matches from plain text and unescapes entities once', () => {
    expect(segments('激光<mark>点云</mark> &amp; 3D &lt;b&gt;')).toEqual([
      { text: '激光', mark: false },
      { text: '点云', mark: true },
      { text: ' & 3D <b>', mark: false },
    ]);
  });

  it('keeps any other markup as literal text, never as HTML', () => {
    const s = segments('<img src=x onerror=alert(1)><mark>a</mark>');
    expect(s).toEqual([
      { text: '<img src=x onerror=alert(1)>', mark: false },
      { text: 'a', mark: true },
    ]);
  });

  it('does not double-unescape', () => {
    expect(plain('&amp;lt;')).toBe('&lt;');
  });

  it('falls back to the plain field without a highlight', () => {
    expect(segments(undefined, '标题')).toEqual([{ text: '标题', mark: false }]);
    expect(segments('', '')).toEqual([]);
  });
});
