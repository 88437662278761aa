/**
 * The page is rendered on the server, so everything a visitor reads is in the HTML; hydration only adds behaviour.
 * SvelteKit starts importing and running its client code as soon as the HTML is parsed, and on a fast connection
 * that code runs before the browser has painted anything: the first paint waits for hydration. This defers the
 * start of SvelteKit's client (not its downloads, which `modulepreload` still begins at once) until the frame
 * after the first paint: `requestAnimationFrame` runs just before a frame is painted, and a task queued from it
 * runs after. The fallback timer starts the client anyway where frames are not produced (a tab opened in the
 * background), so that such a page is interactive when it is shown.
 */
const BOOT = /(\n\s*)import\((["'][^"']+\/entry\/start\.[^"']+\.js["'])\)\.then\(/;

export function startClientAfterFirstPaint(html: string): string {
  return html.replace(
    BOOT,
    (_, indent: string, start: string) =>
      `${indent}new Promise((go) => { requestAnimationFrame(() => setTimeout(go)); setTimeout(go, 500); }).then(() => import(${start})).then(`,
  );
}
