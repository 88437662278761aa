import type { MarkdownPreview, MarkdownPreviewRequest } from '@annex/contracts';
import { renderMarkdown } from '../lib/markdown.ts';

/** POST /markdown/preview: the same rendering and sanitising as every saved text gets on its way out. */
export const previewMarkdown = (body: MarkdownPreviewRequest): MarkdownPreview => ({ html: renderMarkdown(body.markdown) });
