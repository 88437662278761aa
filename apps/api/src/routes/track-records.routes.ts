import { createRoute, z } from '@hono/zod-openapi';
import { PathId, S, createRouter, jsonResponse, problems } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import { getTrackRecord } from '../use-cases/track-records.ts';

/** /organisations/{id}/track-record: a vendor's or a buyer's record, every figure drillable to its orders. */
export const trackRecordRoutes = (deps: Deps) =>
  createRouter().openapi(
    createRoute({
      method: 'get', path: '/organisations/{id}/track-record', tags: ['reviews'],
      summary: "A vendor's track record (on time, first-pass acceptance, accuracy against the commitment, rating, volume) or a buyer's (payments, ratings), each figure with the orders it counted and its market prior",
      request: { params: z.object({ id: PathId }) },
      responses: { 200: jsonResponse(S.TrackRecord, 'The record'), ...problems(401, 404) },
    }),
    async (c) => c.json(await getTrackRecord(deps, c.get('auth'), c.req.valid('param').id), 200),
  );
