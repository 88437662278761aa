import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  it('renders GitHub-flavoured Markdown', () => {
    const html = renderMarkdown('# 标注规范\n\n- 框选**车辆**\n\n| 类别 | 说明 |\n|---|---|\n| car | 轿车 |');
    expect(html).toContain('<h1>标注规范</h1>');
    expect(html).toContain('<strong>车辆</strong>');
    expect(html).toContain('<table>');
  });

  it.each([
    ['<script>alert(1)</script>', '<script'],
    ['<img src=x onerror="alert(1)">', 'onerror'],
    ['[x](javascript:alert(1))', 'javascript:'],
    ['<a href="javascript:alert(1)">x</a>', 'javascript:'],
    ['<iframe src="https://evil.example"></iframe>', '<iframe'],
    ['<p style="position:fixed">x</p>', 'style='],
    ['<svg><script>alert(1)</script></svg>', '<script'],
  ])('strips %s', (src, bad) => {
    expect(renderMarkdown(src).toLowerCase()).not.toContain(bad);
  });

  it('opens links in a new tab without referrer', () => {
    expect(renderMarkdown('[规范](https://example.cn/spec)')).toContain('rel="noopener noreferrer nofollow"');
  });
});
