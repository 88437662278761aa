import type { OrderContract } from '@annex/contracts';
import { type ContractStatus, type ContractVersionStatus, type ProposalStatus, formatFen } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { type Tone, VOLUME_UNIT, formatDateTime, formatNumber } from '#lib/i18n.ts';

type Label = () => string;

export const CONTRACT_STATUS: Record<ContractStatus, Label> = {
  draft: m.ct_status_draft,
  proposed: m.ct_status_proposed,
  changes_requested: m.ct_status_changes_requested,
  active: m.ct_status_active,
  completed: m.ct_status_completed,
  terminated: m.ct_status_terminated,
};
export const CONTRACT_TONE: Record<ContractStatus, Tone> = {
  draft: 'warning', proposed: 'info', changes_requested: 'warning', active: 'success', completed: 'neutral', terminated: 'muted',
};
export const VERSION_STATUS: Record<ContractVersionStatus, Label> = {
  proposed: m.ct_v_status_proposed,
  changes_requested: m.ct_v_status_changes_requested,
  accepted: m.ct_v_status_accepted,
  superseded: m.ct_v_status_superseded,
};
export const VERSION_TONE: Record<ContractVersionStatus, Tone> = { proposed: 'info', changes_requested: 'warning', accepted: 'success', superseded: 'muted' };
export const PROPOSAL_STATUS: Record<ProposalStatus, Label> = {
  proposed: m.ct_co_status_proposed,
  accepted: m.ct_co_status_accepted,
  declined: m.ct_co_status_declined,
  withdrawn: m.ct_co_status_withdrawn,
};
export const PROPOSAL_TONE: Record<ProposalStatus, Tone> = { proposed: 'warning', accepted: 'success', declined: 'danger', withdrawn: 'muted' };

/** A party or the secretariat, as a noun inside a sentence. */
export const SIDE: Record<'buyer' | 'vendor' | 'secretariat', Label> = { buyer: m.ct_side_buyer, vendor: m.ct_side_vendor, secretariat: m.ct_side_secretariat };

/** "12,000 images" in the reader's language. */
export function volumeText(v: OrderContract['terms']['volume']): string {
  return `${formatNumber(v.quantity)} ${VOLUME_UNIT[v.unit]()}`;
}

/** What a change order changes, one line per term. */
export function changeLines(c: OrderContract['changeOrders'][number]['changes'], unit: OrderContract['terms']['volume']['unit']): string[] {
  const lines: string[] = [];
  if (c.priceFen !== undefined) lines.push(m.ct_co_price({ price: formatFen(c.priceFen) }));
  if (c.volume !== undefined) lines.push(m.ct_co_volume({ quantity: volumeText({ quantity: c.volume.quantity, unit: c.volume.unit ?? unit }) }));
  if (c.deliveryDeadline !== undefined) lines.push(m.ct_co_deadline({ at: formatDateTime(c.deliveryDeadline) }));
  if (c.guidelineAttachmentId !== undefined) lines.push(m.ct_co_guideline());
  if (c.milestones !== undefined) lines.push(m.ct_co_milestones({ count: c.milestones.length }));
  return lines;
}
