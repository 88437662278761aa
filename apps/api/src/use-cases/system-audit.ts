import { type Db, audit } from '@annex/db';

/** An audit record of a step the platform took by itself (the scheduler): no actor. */
export const auditSystem = (tx: Db, orderId: string, action: string, before: unknown, after: unknown) =>
  audit.append(tx, { actorUserId: null, actorOrgId: null, entityType: 'order', entityId: orderId, action, before, after });
