import { describe, expect, it } from 'vitest';
import { startClientAfterFirstPaint } from './first-paint.ts';

// SvelteKit's boot script, as `vite build` writes it into every page (the shape this module rewrites)
const page = `<div style="display: contents">
			<script nonce="abc">
				{
					__sveltekit_x = { base: new URL(".", location).pathname.slice(0, -1) };
					const element = document.currentScript.parentElement;
					import("./_app/immutable/entry/start.DkOqnVQZ.js").then(async (kit) => {
						kit.init(__sveltekit_x);
					});
				}
			</script>`;

describe('startClientAfterFirstPaint', () => {
  it('starts the client code in the frame after the first paint, or after 500 ms without frames', () => {
    const html = startClientAfterFirstPaint(page);
    expect(html).toContain(
      'new Promise((go) => { requestAnimationFrame(() => setTimeout(go)); setTimeout(go, 500); }).then(() => import("./_app/immutable/entry/start.DkOqnVQZ.js")).then(async (kit) => {',
    );
    expect(html).not.toMatch(/\n\s*import\("/);
  });

  it('leaves a page without the boot script (or a chunk after it) as it is', () => {
    const chunk = '<p>import("./_app/immutable/entry/start.x.js") in the text of a page</p>';
    expect(startClientAfterFirstPaint(chunk)).toBe(chunk);
    expect(startClientAfterFirstPaint('<main>…</main>')).toBe('<main>…</main>');
  });
});
