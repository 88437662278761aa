import type { Db } from '../client.ts';
import { decodeIdCursor, encodeIdCursor, pageSize } from '../cursor.ts';

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

/** Filters of the full audit log; `actionPrefix` matches actions that begin with it (`curation.`). */
export type AuditFilters = {
  actorUserId?: string;
  actorOrgId?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  actionPrefix?: string;
  from?: Date;
  to?: Date;
};

const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const whereOf = (db: Db, f: AuditFilters) => db`
  where true
    ${f.actorUserId ? db`and actor_user_id = ${f.actorUserId}::uuid` : db``}
    ${f.actorOrgId ? db`and actor_org_id = ${f.actorOrgId}::uuid` : db``}
    ${f.entityType ? db`and entity_type = ${f.entityType}` : db``}
    ${f.entityId ? db`and entity_id = ${f.entityId}` : db``}
    ${f.action ? db`and action = ${f.action}` : db``}
    ${f.actionPrefix ? db`and action like ${likePrefix(f.actionPrefix)}` : db``}
    ${f.from ? db`and at >= ${f.from}` : db``}
    ${f.to ? db`and at < ${f.to}` : db``}`;

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

  /**
   * One page of the full audit log, newest first, filtered; `nextCursor` null on the last page. Paged by id (the
   * order records were written in), so a record written meanwhile never shifts a page.
   */
  async search(db: Db, f: AuditFilters, cursor?: string | null, limit?: number): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
    const n = pageSize(limit);
    const before = cursor ? decodeIdCursor(cursor) : null;
    const rows = await db<AuditRow[]>`
      select * from audit_log ${whereOf(db, f)} ${before !== null ? db`and id < ${before}` : db``}
      order by id desc limit ${n + 1}`;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return { items: page, nextCursor: rows.length > n && last ? encodeIdCursor(Number(last.id)) : null };
  },

  /** Every record matching the filters, newest first, `batch` at a time (the CSV export streams them). */
  async *each(db: Db, f: AuditFilters, batch = 500): AsyncGenerator<AuditRow[]> {
    let before: number | null = null;
    for (;;) {
      const rows: AuditRow[] = await db<AuditRow[]>`
        select * from audit_log ${whereOf(db, f)} ${before !== null ? db`and id < ${before}` : db``}
        order by id desc limit ${batch}`;
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < batch) return;
      before = Number(rows.at(-1)!.id);
    }
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
