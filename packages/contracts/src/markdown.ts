import { z } from 'zod';
import { MAX_DESCRIPTION_CHARS } from './vocabulary.ts';
import { longText } from './text.ts';

/** POST /markdown/preview: Markdown as a form holds it (an order's description, a catalogue entry's summary). */
export const MarkdownPreviewRequest = z.strictObject({ markdown: longText(MAX_DESCRIPTION_CHARS) });
export type MarkdownPreviewRequest = z.infer<typeof MarkdownPreviewRequest>;

/** The Markdown rendered and sanitised exactly as the pages will show it once saved. */
export const MarkdownPreview = z.object({ html: z.string() });
export type MarkdownPreview = z.infer<typeof MarkdownPreview>;
