import type { PageLoad } from './$types';

// The bid form is an eighth of the order page's code, and only a vendor who may bid or change its bid sees it: it is
// loaded here for that vendor alone (in a universal load, so that the server renders it too).
export const load: PageLoad = async ({ data, parent }) => {
  const may = data.order.permissions;
  const bidding = (may.bid || may.changeBid) && (await parent()).me?.organisation.kind === 'vendor';
  return { ...data, BidForm: bidding ? (await import('./BidForm.svelte')).default : null };
};
