import { compile } from 'html-to-text';
import { marked } from 'marked';
import * as OpenCC from 'opencc-js';

// The text Annex indexes and searches for: plain (no Markdown or HTML source in snippets) and simplified
// Chinese (Meilisearch does not fold 點雲 to 点云). Documents and queries pass through the same functions.

let converter: ((text: string) => string) | undefined;

/**
 * Traditional Chinese to simplified. Hong Kong variants to mainland forms: it also reads Taiwan and OpenCC
 * standard forms, and leaves simplified text as it is (the Taiwan table turns 什么 into 什幺). Words stay
 * words (影像 does not become 图像). The tables (~50 ms, a few MB) load on first use, once per process.
 */
export function toSimplified(text: string): string {
  if (!text) return text;
  const convert = converter ?? OpenCC.Converter({ from: 'hk', to: 'cn' });
  converter = convert;
  return convert(text);
}

const htmlToText = compile({
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    { selector: 'ul', options: { itemPrefix: ' ' } },
    { selector: 'blockquote', format: 'block' },
    { selector: 'hr', format: 'skip' },
  ],
});

// a character that may be Markdown or HTML syntax, or a line that may start a list, heading or rule
const MARKUP = /[\\`*_[\]#<>&|~]|^\s*([-+=]|\d+[.)])/m;

/**
 * The plain text of Markdown (with any HTML in it): what a reader sees, without markup, link targets,
 * images, scripts or entities, on one line — so a search snippet cropped from it reads as text.
 */
export function markdownToText(markdown: string): string {
  // most descriptions are plain sentences: rendering them would change nothing but take a millisecond each
  if (!MARKUP.test(markdown)) return markdown.replace(/\s+/g, ' ').trim();
  const html = marked.parse(markdown, { async: false, gfm: true });
  return htmlToText(html).replace(/\s+/g, ' ').trim();
}
