import DOMPurify from 'isomorphic-dompurify';
import { Marked } from 'marked';

// GitHub-flavoured Markdown without raw-HTML trust: whatever marked passes through, DOMPurify removes
// scripts, event handlers and javascript: URLs. Text is stored as written and rendered on the way out.
const marked = new Marked({ gfm: true, breaks: true, async: false });

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('rel', 'noopener noreferrer nofollow');
    node.setAttribute('target', '_blank');
  }
  // a screen reader announces an image by its alt text; a spec's images carry information (a sample, a rule),
  // so one left without it is named by its title, else by its file name, rather than hidden as decoration
  if (node.tagName === 'IMG' && !node.getAttribute('alt')?.trim()) {
    node.setAttribute('alt', node.getAttribute('title')?.trim() || fileName(node.getAttribute('src') ?? ''));
  }
});

/** The last path segment of a URL, decoded ('' when there is none, as for inline data). */
function fileName(src: string): string {
  if (src.startsWith('data:')) return '';
  const path = src.split(/[?#]/)[0] ?? '';
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

const PURIFY = {
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
  FORBID_ATTR: ['style'],
  ADD_ATTR: ['target'],
};

// rendering 30 kB takes tens of milliseconds; descriptions are read far more often than written
const cache = new Map<string, string>();
const CACHE_ENTRIES = 500;

/** Markdown → sanitised HTML, safe to insert into a page. */
export function renderMarkdown(source: string): string {
  if (source === '') return '';
  const hit = cache.get(source);
  if (hit !== undefined) return hit;
  const html = DOMPurify.sanitize(marked.parse(source) as string, PURIFY);
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(source, html);
  return html;
}
