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

  /**
   * The organisations (name, kind) and people (display name) that the given audit rows name, in one round trip;
   * ids no longer there are absent.
   */
  async actorsOf(db: Db, rows: readonly Pick<AuditRow, 'actorOrgId' | 'actorUserId'>[]): Promise<{
    orgs: Map<string, { kind: string; name: string }>;
    people: Map<string, string>;
  }> {
    const orgIds = [...new Set(rows.flatMap((r) => (r.actorOrgId ? [r.actorOrgId] : [])))];
    const userIds = [...new Set(rows.flatMap((r) => (r.actorUserId ? [r.actorUserId] : [])))];
    const orgs = new Map<string, { kind: string; name: string }>();
    const people = new Map<string, string>();
    if (orgIds.length === 0 && userIds.length === 0) return { orgs, people };
    const found = await db<{ isOrg: boolean; id: string; name: string; kind: string | null }[]>`
      select true as is_org, id::text as id, name, kind from organisations
        where id in (select x::uuid from jsonb_array_elements_text(${db.json(orgIds)}::jsonb) as x)
      union all
      select false, id::text, display_name, null from users
        where id in (select x::uuid from jsonb_array_elements_text(${db.json(userIds)}::jsonb) as x)`;
    for (const r of found) {
      if (r.isOrg) orgs.set(r.id, { kind: r.kind!, name: r.name });
      else people.set(r.id, r.name);
    }
    return { orgs, people };
  },
};

function jsonOrNull(db: Db, v: unknown) {
  // JSON.parse(JSON.stringify()) drops undefined and turns Dates into ISO strings, as the API would show them.
  return v === undefined || v === null ? null : db.json(JSON.parse(JSON.stringify(v)));
}
