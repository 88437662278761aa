import type { AuditPage, AuditQuery, AuditRecord } from '@annex/contracts';
import { type AuditFilters, type AuditRow, audit } from '@annex/db';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { streamCsv } from '../lib/sheet-file.ts';
import { auditActors, changesOf } from './audit-view.ts';
import { type Deps, db } from './context.ts';
import { paged } from './catalogue-view.ts';
import { requireOrgKind } from './guards.ts';

// The full audit log (issue 10 item 6): every state change, filtered by actor, organisation, entity, action and time,
// in cursor pages and as a CSV of the whole filtered set (streamed). The secretariat's only.

/** The repository's filters from the query: `action` ending in * is a prefix; the time range must not be inverted. */
function filtersOf(q: Omit<AuditQuery, 'cursor' | 'limit'>): AuditFilters {
  const from = q.from ? new Date(q.from) : undefined;
  const to = q.to ? new Date(q.to) : undefined;
  if (from && to && from > to) {
    throw new AppError('validation_failed', 'from is after to', { errors: [{ path: 'query.from', message: 'after to' }] });
  }
  const prefix = q.action?.endsWith('*') ? q.action.slice(0, -1) : undefined;
  return {
    actorUserId: q.actorUserId, actorOrgId: q.actorOrgId, entityType: q.entityType, entityId: q.entityId,
    action: prefix === undefined ? q.action : undefined, actionPrefix: prefix, from, to,
  };
}

async function present(deps: Deps, rows: readonly AuditRow[]): Promise<AuditRecord[]> {
  const { orgs, people } = await auditActors(db(deps), rows);
  return rows.map((r) => {
    const org = r.actorOrgId ? orgs.get(r.actorOrgId) ?? null : null;
    const { changes, reason } = changesOf(r);
    return {
      id: String(r.id), at: r.at.toISOString(), action: r.action, entityType: r.entityType, entityId: r.entityId,
      actor: {
        userId: r.actorUserId, userName: r.actorUserId ? people.get(r.actorUserId) ?? null : null,
        orgId: r.actorOrgId, orgName: org?.name ?? null, kind: org?.kind ?? (r.actorUserId || r.actorOrgId ? 'unknown' : 'system'),
      },
      changes, reason, before: r.before ?? null, after: r.after ?? null, requestId: r.requestId,
    };
  });
}

/** GET /admin/audit: one page of the audit log, newest first. */
export async function searchAudit(deps: Deps, auth: AuthContext, q: AuditQuery): Promise<AuditPage> {
  requireOrgKind(auth, 'secretariat', 'read the audit log');
  const page = await paged(() => audit.search(db(deps), filtersOf(q), q.cursor, q.limit));
  return { items: await present(deps, page.items), nextCursor: page.nextCursor };
}

/** The columns of the CSV export. */
const CSV_HEADER = ['id', 'at', 'action', 'entity_type', 'entity_id', 'actor_kind', 'actor_org', 'actor_org_id', 'actor_user', 'actor_user_id', 'reason', 'before', 'after', 'request_id'];

/** GET /admin/audit/export: the whole filtered log as CSV (UTF-8 with BOM), newest first, read and written in batches. */
export function exportAudit(deps: Deps, auth: AuthContext, q: Omit<AuditQuery, 'cursor' | 'limit'>): { body: AsyncGenerator<Uint8Array>; fileName: string } {
  requireOrgKind(auth, 'secretariat', 'export the audit log');
  const filters = filtersOf(q);
  async function* batches() {
    for await (const rows of audit.each(db(deps), filters)) {
      yield (await present(deps, rows)).map((r) => [
        r.id, r.at, r.action, r.entityType, r.entityId, r.actor.kind, r.actor.orgName ?? '', r.actor.orgId ?? '', r.actor.userName ?? '',
        r.actor.userId ?? '', r.reason ?? '', r.before === null ? '' : JSON.stringify(r.before), r.after === null ? '' : JSON.stringify(r.after),
        r.requestId ?? '',
      ]);
    }
  }
  return { body: streamCsv(CSV_HEADER, batches()), fileName: `audit-log-${deps.now().toISOString().slice(0, 10)}.csv` };
}
