import { MarkdownPreview, MarkdownPreviewRequest } from '@annex/contracts';
import { createRoute } from '@hono/zod-openapi';
import { authenticated } from '../middleware/session.ts';
import { createRouter, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../openapi.ts';
import { previewMarkdown } from '../use-cases/markdown.ts';

const preview = createRoute({
  method: 'post', path: '/preview', tags: ['markdown'], security: sessionSecurity, middleware: authenticated,
  summary: 'Render Markdown as the pages will show it once saved (sanitised HTML), for a form’s preview (signed-in users)',
  request: { body: jsonBody(named(MarkdownPreviewRequest, 'MarkdownPreviewRequest')) },
  responses: { 200: jsonResponse(named(MarkdownPreview, 'MarkdownPreview'), 'The HTML'), ...problems(400, 401, 413, 415) },
});

/** /markdown: the one renderer of the site's Markdown, for previews. */
export const markdownRoutes = () => createRouter().openapi(preview, (c) => c.json(previewMarkdown(c.req.valid('json')), 200));
