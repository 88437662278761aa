import { MAX_DESCRIPTION_CHARS } from '@annex/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerAs, setupApp } from '../test-helpers.ts';

let t: Awaited<ReturnType<typeof setupApp>>;
let cookie: string;
beforeAll(async () => {
  t = await setupApp();
  cookie = (await registerAs(t.app, 'buyer')).cookie;
}, 120_000);
afterAll(() => t?.close());

const PATH = '/api/v1/markdown/preview';

describe('POST /markdown/preview', () => {
  it('renders Markdown as saved text is shown: sanitised, links opened safely', async () => {
    const r = await call(t.app, 'POST', PATH, { cookie, body: { markdown: '## 数据说明\n\n**脱敏** [目录](/catalogue)<script>alert(1)</script><img src=x onerror=alert(1)>' } });
    expect(r.status).toBe(200);
    expect(r.json.html).toContain('<h2>数据说明</h2>');
    expect(r.json.html).toContain('<strong>脱敏</strong>');
    expect(r.json.html).toContain('rel="noopener noreferrer nofollow"');
    expect(r.json.html).not.toMatch(/<script|onerror/);
  });

  it('answers 401 to the public and 400 to text past the limit or with hidden characters', async () => {
    expect((await call(t.app, 'POST', PATH, { body: { markdown: 'x' } })).status).toBe(401);
    expect((await call(t.app, 'POST', PATH, { cookie, body: { markdown: 'x'.repeat(MAX_DESCRIPTION_CHARS + 1) } })).status).toBe(400);
    expect((await call(t.app, 'POST', PATH, { cookie, body: { markdown: 'a\u202eb' } })).status).toBe(400);
  });
});
