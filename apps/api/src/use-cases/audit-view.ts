import type { TimelineEntry } from '@annex/contracts';
import { type AuditRow, audit, type Db } from '@annex/db';
import type { OrgKind } from '@annex/domain';

// How an audit record reads in a timeline (the order's, the catalogue entry's): the fields it changed and its reason.

/** A JSON value as an object (anything else: empty). */
export const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The fields an entry changed, and its reason. */
export function changesOf(e: AuditRow): { changes: TimelineEntry['changes']; reason: string | null } {
  const before = asRecord(e.before);
  const after = asRecord(e.after);
  const reason = typeof after.reason === 'string' ? after.reason : null;
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => f !== 'reason');
  const changes = fields
    .filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null))
    .map((f) => ({ field: f, before: before[f] ?? null, after: after[f] ?? null }));
  return { changes, reason };
}

/** An organisation that acted, as a timeline names it. */
export type AuditActor = { kind: OrgKind; name: string };

/** The organisations and people the audit records name (null: no longer there), read in one query. */
export async function auditActors(d: Db, rows: readonly AuditRow[]): Promise<{ orgs: Map<string, AuditActor | null>; people: Map<string, string | null> }> {
  const found = await audit.actorsOf(d, rows);
  const orgs = new Map<string, AuditActor | null>();
  const people = new Map<string, string | null>();
  for (const e of rows) {
    if (e.actorOrgId) orgs.set(e.actorOrgId, (found.orgs.get(e.actorOrgId) as AuditActor | undefined) ?? null);
    if (e.actorUserId) people.set(e.actorUserId, found.people.get(e.actorUserId) ?? null);
  }
  return { orgs, people };
}
