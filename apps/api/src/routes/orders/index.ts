import { createRouter } from '../../openapi.ts';
import type { Deps } from '../../use-cases/context.ts';
import { attachmentRoutes } from './attachments.routes.ts';
import { awardRoutes } from './awards.routes.ts';
import { bidAttachmentRoutes } from './bid-attachments.routes.ts';
import { bidRoutes } from './bids.routes.ts';
import { contractRoutes } from './contract.routes.ts';
import { implementationRoutes } from './implementation.routes.ts';
import { orderRoutes } from './orders.routes.ts';
import { questionRoutes } from './questions.routes.ts';
import { reviewRoutes } from './reviews.routes.ts';

/** /orders: the marketplace, one sub-app per resource — orders, files, questions, bids, bid files, award and objections, the contract, the delivery and payment of its milestones, reviews. */
export const marketRoutes = (deps: Deps) =>
  createRouter()
    .route('/', orderRoutes(deps))
    .route('/', attachmentRoutes(deps))
    .route('/', questionRoutes(deps))
    .route('/', bidRoutes(deps))
    .route('/', bidAttachmentRoutes(deps))
    .route('/', awardRoutes(deps))
    .route('/', contractRoutes(deps))
    .route('/', implementationRoutes(deps))
    .route('/', reviewRoutes(deps));
