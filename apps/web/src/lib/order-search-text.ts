import type { Modality, OrderStatus, SecurityLevel, TaskType } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { MODALITY, ORDER_STATUS, SECURITY_LEVEL, TASK_TYPE, countyName, formatNumber } from '#lib/i18n.ts';
import type { Chip } from '#lib/order-search.ts';

/** The words of an active filter of the order search (a chip), in the current language. */
export function chipLabel(c: Pick<Chip, 'kind' | 'value'>): string {
  switch (c.kind) {
    case 'q': return m.chip_query({ q: c.value });
    case 'modality': return MODALITY[c.value as Modality]?.() ?? c.value;
    case 'status': return ORDER_STATUS[c.value as OrderStatus]?.() ?? c.value;
    case 'taskTypes': return TASK_TYPE[c.value as TaskType]?.() ?? c.value;
    case 'securityLevel': return SECURITY_LEVEL[c.value as SecurityLevel]?.() ?? c.value;
    case 'county': return countyName(c.value);
    case 'budgetMin': return m.chip_budget_min({ amount: `¥${formatNumber(Number(c.value))}` });
    case 'budgetMax': return m.chip_budget_max({ amount: `¥${formatNumber(Number(c.value))}` });
    case 'deadlineBefore': return m.chip_deadline({ date: c.value });
  }
}
