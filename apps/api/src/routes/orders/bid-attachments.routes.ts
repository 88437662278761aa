import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../../middleware/session.ts';
import { PathId, S, createRouter, jsonResponse, problems } from '../../openapi.ts';
import * as cases from '../../use-cases/bid-attachments.ts';
import type { Deps } from '../../use-cases/context.ts';
import { requestMeta } from '../meta.ts';
import { WRITE, fileDownload, fileField, fileResponse, orderParams, signedIn } from './shared.ts';

const tags = ['bids'];

/** /orders/{id}/bids/…/attachments: the files of a bid (technical proposal, quote, certificates). */
export const bidAttachmentRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        ...signedIn, method: 'post', path: '/{id}/bids/mine/attachments', tags,
        summary: 'Add a file to the bid (technical proposal, quote, certificates) before the deadline (multipart; at most 20 MB)',
        description: 'Accepted as for order files: PDF, PNG, JPEG, ZIP, DOCX, XLSX (recognised by content) and UTF-8 .txt, .md or .csv. '
          + "At most 10 files and 50 MB per bid. Shown to whom the bid's amounts are shown.",
        request: {
          params: orderParams,
          body: { required: true, content: { 'multipart/form-data': { schema: z.object({ file: fileField }) } } },
        },
        responses: { 201: jsonResponse(S.BidAttachment, 'The stored file'), ...problems(...WRITE, 403, 409, 422) },
      }),
      async (c) => {
        const { file } = c.req.valid('form');
        const bytes = new Uint8Array(await file.arrayBuffer());
        return c.json(await cases.uploadBidAttachment(deps, requireAuth(c), c.req.valid('param').id, { name: file.name, bytes }, requestMeta(c)), 201);
      },
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'get', path: '/{id}/bids/{bidId}/attachments/{attachmentId}', tags,
        summary: "Download a bid's file: its vendor; the buyer and the secretariat once the bid's amounts may be seen (else 403 bids_sealed)",
        request: { params: z.object({ id: PathId, bidId: PathId, attachmentId: PathId }) },
        responses: { 200: fileResponse, ...problems(401, 403, 404) },
      }),
      async (c) => {
        const { id, bidId, attachmentId } = c.req.valid('param');
        const { row, bytes } = await cases.downloadBidAttachment(deps, requireAuth(c), id, bidId, attachmentId);
        return fileDownload(c, row, bytes);
      },
    )
    .openapi(
      createRoute({
        ...signedIn, method: 'delete', path: '/{id}/bids/mine/attachments/{attachmentId}', tags,
        summary: 'Remove a file from the bid before the deadline',
        request: { params: z.object({ id: PathId, attachmentId: PathId }) },
        responses: { 204: { description: 'Removed' }, ...problems(...WRITE, 403, 409) },
      }),
      async (c) => {
        const { id, attachmentId } = c.req.valid('param');
        await cases.deleteBidAttachment(deps, requireAuth(c), id, attachmentId, requestMeta(c));
        return c.body(null, 204);
      },
    );
