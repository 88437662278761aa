import { m } from '#lib/paraglide/messages.js';
import { timelineAction } from '#lib/i18n.ts';

// The audit log's page: its filters as the form has them (Beijing wall-clock times) and as the API takes them, and
// where an audited entity's page is.

/** The filter fields of the form. */
export const AUDIT_FIELDS = ['actorUserId', 'actorOrgId', 'entityType', 'entityId', 'action', 'from', 'to'] as const;
export type AuditForm = Record<(typeof AUDIT_FIELDS)[number], string>;

/** A `datetime-local` value read as Beijing time, as an ISO instant (empty or unreadable: undefined). */
export function beijingInstant(local: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)) return undefined;
  const d = new Date(`${local.length === 16 ? `${local}:00` : local}+08:00`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The form's values from the address, and the API's query from them (empty fields left out). */
export function auditQueryOf(params: URLSearchParams): { form: AuditForm; query: Record<string, string> } {
  const form = Object.fromEntries(AUDIT_FIELDS.map((f) => [f, (params.get(f) ?? '').trim()])) as AuditForm;
  const query: Record<string, string> = {};
  for (const f of AUDIT_FIELDS) {
    const v = form[f];
    if (!v) continue;
    if (f === 'from' || f === 'to') {
      const at = beijingInstant(v);
      if (at) query[f] = at;
    } else query[f] = v;
  }
  return { form, query };
}

/** The page of an audited entity, where there is one. */
export function entityHref(entityType: string, entityId: string): string | null {
  switch (entityType) {
    case 'order':
      return `/orders/${entityId}`;
    case 'catalogue_entry':
      return `/catalogue/${entityId}`;
    case 'policy_service':
      return `/policy/${entityId}`;
    case 'policy_case':
      return `/policy/cases/${entityId}`;
    default:
      return null;
  }
}

/** An action in words where the timelines know it, else as recorded. */
export const auditActionLabel = (action: string): string => timelineAction(action);

/** Who acted, in words. */
export function actorText(a: { kind: string; orgName: string | null; userName: string | null }): string {
  if (a.kind === 'system') return m.audit_system();
  return [a.orgName, a.userName].filter(Boolean).join(' · ') || m.audit_unknown_actor();
}
