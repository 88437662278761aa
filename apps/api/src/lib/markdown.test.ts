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

  it.each([
    ['its alt text as written', '![车辆框选示例](/a.png)', '车辆框选示例'],
    ['the title when the alt text is empty', '![](/a.png "夜间场景示例")', '夜间场景示例'],
    ['the file name when there is nothing else', '![](https://example.cn/img/%E8%BD%A6%E9%81%93%E7%BA%BF.jpg?v=2)', '车道线.jpg'],
    ['the file name for raw HTML without alt', '<img src="/samples/lidar-frame-001.png">', 'lidar-frame-001.png'],
  ])('gives every image a text alternative: %s', (_, src, alt) => {
    const images = [...renderMarkdown(src).matchAll(/<img [^>]*>/g)].map((x) => x[0]);
    expect(images).toHaveLength(1);
    expect(images[0]).toContain(`alt="${alt}"`);
  });
});
