import { createRouter } from '../../openapi.ts';
import type { Deps } from '../../use-cases/context.ts';
import { industrialBaseRoutes } from './bases.routes.ts';
import { membershipRoutes } from './memberships.routes.ts';

/** The alliance (联盟): membership and its directory, the city's industrial bases. */
export const allianceRoutes = (deps: Deps) =>
  createRouter()
    .route('/', membershipRoutes(deps))
    .route('/industrial-bases', industrialBaseRoutes(deps));
