import { CaseMessageQuery, MaterialReviewRequest, PostCaseMessage } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../../middleware/session.ts';
import { PathId, S, createRouter, jsonBody, jsonResponse, named, problems } from '../../openapi.ts';
import type { Deps } from '../../use-cases/context.ts';
import * as materials from '../../use-cases/policy/materials.ts';
import * as messages from '../../use-cases/policy/messages.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, fileDownload, fileField, fileResponse, signedIn } from '../orders/shared.ts';

const tags = ['policy cases'];
const materialParams = z.object({ id: PathId, materialId: z.string().max(64) });

/** /policy/cases/{id}/materials, /files and /messages: the checklist's files and reviews, and the thread. */
export const policyCaseWorkRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/cases/{id}/materials/{materialId}/files', tags,
        summary: "Hand in a file for a material (the case's firm; multipart; the same checks as order files, narrowed to the material's formats)",
        request: { params: materialParams, body: { required: true, content: { 'multipart/form-data': { schema: z.object({ file: fileField }) } } } },
        responses: { 201: jsonResponse(S.PolicyCase, 'The case with the file under its material'), ...problems(...WRITE, 409, 422) },
      }),
      async (c) => {
        const form = c.req.valid('form');
        const file = { name: form.file.name, bytes: new Uint8Array(await form.file.arrayBuffer()) };
        const { id, materialId } = c.req.valid('param');
        return c.json(await materials.uploadMaterial(deps, requireAuth(c), id, materialId, file, requestMeta(c)), 201);
      },
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/cases/{id}/files/{fileId}', tags,
        summary: 'Download a file of a case (its firm and the secretariat; always as an attachment)',
        request: { params: z.object({ id: PathId, fileId: PathId }) },
        responses: { 200: fileResponse, ...problems(401, 404) },
      }),
      async (c) => {
        const { id, fileId } = c.req.valid('param');
        const { row, bytes } = await materials.downloadCaseFile(deps, requireAuth(c), id, fileId);
        return fileDownload(c, row, bytes);
      },
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/cases/{id}/materials/{materialId}/review', tags,
        summary: 'Accept a material, or ask for a correction with a reason (secretariat); the firm is told',
        request: { params: materialParams, body: jsonBody(named(MaterialReviewRequest, 'MaterialReviewRequest')) },
        responses: { 200: jsonResponse(S.PolicyCase, 'The case after the review'), ...problems(...WRITE, 409) },
      }),
      async (c) => {
        const { id, materialId } = c.req.valid('param');
        return c.json(await materials.reviewMaterial(deps, requireAuth(c), id, materialId, c.req.valid('json'), requestMeta(c)), 200);
      },
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/cases/{id}/messages', tags,
        summary: 'The thread between the firm and the secretariat, oldest first',
        request: { params: z.object({ id: PathId }), query: CaseMessageQuery },
        responses: { 200: jsonResponse(S.CaseMessageList, 'One page of messages'), ...problems(400, 401, 404) },
      }),
      async (c) => c.json(await messages.listMessages(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/cases/{id}/messages', tags,
        summary: 'Write to the other side of the case (the firm or the secretariat), who is told',
        request: { params: z.object({ id: PathId }), body: jsonBody(named(PostCaseMessage, 'PostCaseMessage')) },
        responses: { 201: jsonResponse(S.CaseMessage, 'The message'), ...problems(...WRITE, 409) },
      }),
      async (c) => c.json(await messages.postMessage(deps, requireAuth(c), c.req.valid('param').id, c.req.valid('json'), requestMeta(c)), 201),
    );
