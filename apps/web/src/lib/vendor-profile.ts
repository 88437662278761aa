import { CERTIFICATIONS, type CapabilityProfile, type CertificationHolding, MODALITIES, type Modality, TASK_TYPES, type TaskType } from '@annex/domain';

export { vendorProfileHref } from './search-links.ts';

/** A certification is "expiring soon" when it lapses within this many days: worth a look before a long order. */
export const EXPIRING_SOON_DAYS = 60;

/** Whether a date (YYYY-MM-DD) not yet past lies within `days` days of `today` (both Beijing dates). */
export function expiresWithin(expiresOn: string, today: string, days = EXPIRING_SOON_DAYS): boolean {
  const left = (Date.parse(`${expiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
  return left >= 0 && left <= days;
}

/** A task type a firm offers with the items a day it can deliver (null when the firm gave no figure). */
export type CapacityRow = { task: TaskType; perDay: number | null };

/** The task types offered, in the vocabulary's order (the same on every profile), each with its daily capacity. */
export function capacityRows(p: Pick<CapabilityProfile, 'taskTypes' | 'dailyCapacity'>): CapacityRow[] {
  return TASK_TYPES.filter((t) => p.taskTypes.includes(t)).map((task) => ({ task, perDay: p.dailyCapacity[task] ?? null }));
}

/** The daily capacity over all task types, counting only the figures given. */
export function totalCapacity(rows: readonly CapacityRow[]): number {
  return rows.reduce((sum, r) => sum + (r.perDay ?? 0), 0);
}

/** The modalities offered, in the vocabulary's order. */
export function orderedModalities(p: Pick<CapabilityProfile, 'modalities'>): Modality[] {
  return MODALITIES.filter((x) => p.modalities.includes(x));
}

/**
 * Certifications valid on `today` (a Beijing date, YYYY-MM-DD; the expiry day itself still counts), one per name
 * with its latest expiry, in the vocabulary's order. Expired ones are not shown: a buyer can rely on nothing else.
 */
export function currentCertifications(p: Pick<CapabilityProfile, 'certifications'>, today: string): CertificationHolding[] {
  const latest = new Map<CertificationHolding['name'], string>();
  for (const c of p.certifications) {
    if (c.expiresOn < today) continue;
    const seen = latest.get(c.name);
    if (!seen || c.expiresOn > seen) latest.set(c.name, c.expiresOn);
  }
  return CERTIFICATIONS.filter((n) => latest.has(n)).map((name) => ({ name, expiresOn: latest.get(name)! }));
}
