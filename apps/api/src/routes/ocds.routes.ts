import { OcdsReleasesQuery } from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { PathId, createRouter, jsonResponse, named, problems } from '../openapi.ts';
import type { Deps } from '../use-cases/context.ts';
import { orderReleases, releaseFeed } from '../use-cases/ocds.ts';

const tags = ['open data'];
const ReleasePackage = named(
  z.record(z.string(), z.unknown()).openapi({
    description:
      'An OCDS 1.1 release package (https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json); ' +
      'bid amounts in `bids` follow the OCDS bid extension',
  }),
  'OcdsReleasePackage',
);
const CACHE = { 'Cache-Control': 'public, max-age=60' };

/** /ocds: published orders as Open Contracting Data Standard 1.1 release packages (public). */
export const ocdsRoutes = (deps: Deps) =>
  createRouter()
    .openapi(
      createRoute({
        method: 'get', path: '/releases', tags,
        summary: 'The releases of every published order (tender, amendments, close of bidding, awards, final award, …), oldest first, from `since` on',
        description:
          'Follow the feed with `links.next`: it holds where this page ended, so asking it again later gives what happened since. ' +
          'Losing bids\' amounts appear only in releases dated from the moment the award became final; a confidential order\'s ' +
          'description never appears, nor do contacts.',
        request: { query: OcdsReleasesQuery },
        responses: { 200: jsonResponse(ReleasePackage, 'A release package with `links.next`'), ...problems(400) },
      }),
      async (c) => c.json(await releaseFeed(deps, c.req.valid('query')), 200, CACHE),
    )
    .openapi(
      createRoute({
        method: 'get', path: '/orders/{id}/releases', tags,
        summary: 'Every release of one published order (its contracting process `<ocid prefix>-<order id>`)',
        request: { params: z.object({ id: PathId }) },
        responses: { 200: jsonResponse(ReleasePackage, 'A release package'), ...problems(404) },
      }),
      async (c) => c.json(await orderReleases(deps, c.req.valid('param').id), 200, CACHE),
    );
