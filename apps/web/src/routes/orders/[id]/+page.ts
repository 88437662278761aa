import type { PageLoad } from './$types';

// Parts of the order page that only some viewers see, loaded for them alone: in a universal load, so that the server
// renders them too. The bid form (a vendor who may bid), the matching vendors (the buyer of a published order), the
// objections (once there is an award) and the confirmation dialog (opened from `?act=`) are a third of the page's code.
export const load: PageLoad = async ({ data, parent }) => {
  const may = data.order.permissions;
  const bidding = (may.bid || may.changeBid) && (await parent()).me?.organisation.kind === 'vendor';
  const [bidForm, matches, objections, dialog] = await Promise.all([
    bidding ? import('./BidForm.svelte') : null,
    data.matches ? import('./VendorMatches.svelte') : null,
    data.order.award || data.objections.length > 0 || may.object ? import('./ObjectionsPanel.svelte') : null,
    data.act ? import('./ActionDialog.svelte') : null,
  ]);
  return {
    ...data,
    BidForm: bidForm?.default ?? null,
    VendorMatches: matches?.default ?? null,
    ObjectionsPanel: objections?.default ?? null,
    ActionDialog: dialog?.default ?? null,
  };
};
