import { createRouter } from '../../openapi.ts';
import type { Deps } from '../../use-cases/context.ts';
import { calendarRoutes } from './calendar.routes.ts';
import { policyCaseRoutes } from './cases.routes.ts';
import { policyCaseWorkRoutes } from './materials.routes.ts';
import { policyServiceRoutes } from './services.routes.ts';

/** /policy: policy-agency services (政策代办) — services, eligibility, cases, their materials and messages, the working calendar. */
export const policyRoutes = (deps: Deps) =>
  createRouter()
    .route('/', policyServiceRoutes(deps))
    .route('/', policyCaseRoutes(deps))
    .route('/', policyCaseWorkRoutes(deps))
    .route('/', calendarRoutes(deps));
