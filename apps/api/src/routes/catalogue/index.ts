import { createRouter } from '../../openapi.ts';
import type { Deps } from '../../use-cases/context.ts';
import { agencyRoutes } from './agencies.routes.ts';
import { entryRoutes } from './entries.routes.ts';
import { interestRoutes } from './interests.routes.ts';
import { catalogueIoRoutes } from './io.routes.ts';

/** /catalogue: the public-data annotation catalogue — agencies, imports and exports first (their paths would otherwise read as entry ids), then entries and interest. */
export const catalogueRoutes = (deps: Deps) =>
  createRouter()
    .route('/', agencyRoutes(deps))
    .route('/', catalogueIoRoutes(deps))
    .route('/', entryRoutes(deps))
    .route('/', interestRoutes(deps));
