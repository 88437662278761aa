import type { Db } from '../client.ts';

/** What happened, to what, by whom. */
export type AuditEntry = {
  actorUserId?: string | null;
  actorOrgId?: string | null;
  entityType: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
};

/** A stored audit record. */
export type AuditRow = {
  id: number;
  at: Date;
  actorUserId: string | null;
  actorOrgId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
};

/** The append-only audit log (the table refuses UPDATE and DELETE). */
export const audit = {
  /** Appends one entry; write it in the transaction of the change it records. */
  async append(db: Db, e: AuditEntry): Promise<AuditRow> {
    const [row] = await db<AuditRow[]>`
      insert into audit_log (actor_user_id, actor_org_id, entity_type, entity_id, action, before, after, request_id)
      values (${e.actorUserId ?? null}, ${e.actorOrgId ?? null}, ${e.entityType}, ${e.entityId}, ${e.action},
              ${jsonOrNull(db, e.before)}, ${jsonOrNull(db, e.after)}, ${e.requestId ?? null})
      returning *`;
    return row as AuditRow;
  },

  /** The history of one entity, oldest first. */
  async listForEntity(db: Db, entityType: string, entityId: string): Promise<AuditRow[]> {
    return await db<AuditRow[]>`
      select * from audit_log where entity_type = ${entityType} and entity_id = ${entityId} order by id`;
  },
};

function jsonOrNull(db: Db, v: unknown) {
  // JSON.parse(JSON.stringify()) drops undefined and turns Dates into ISO strings, as the API would show them.
  return v === undefined || v === null ? null : db.json(JSON.parse(JSON.stringify(v)));
}
