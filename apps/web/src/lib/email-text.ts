import { m } from '#lib/paraglide/messages.js';

// Words of the e-mail pages: what an unsubscribe link turned off, named by the kind's group.

const GROUP = {
  orders: m.email_group_orders, questions: m.email_group_questions, bidding: m.email_group_bidding, award: m.email_group_award,
  matching: m.email_group_matching, contract: m.email_group_contract, delivery: m.email_group_delivery, payment: m.email_group_payment,
  reviews: m.email_group_reviews, policy: m.email_group_policy, alliance: m.email_group_alliance, statistics: m.email_group_statistics,
  account: m.email_group_account,
};

const BY_KIND: [RegExp, keyof typeof GROUP][] = [
  [/^question_/, 'questions'],
  [/^(bid_received|deadline_soon|bidding_closed)$/, 'bidding'],
  [/^(award_|bid_|objection_)/, 'award'],
  [/^(order_match|saved_search_match)$/, 'matching'],
  [/^(order_|catalogue_order_)/, 'orders'],
  [/^(contract_|change_order_|termination_)/, 'contract'],
  [/^batch_/, 'delivery'],
  [/^payment_/, 'payment'],
  [/^reviews?_/, 'reviews'],
  [/^policy_/, 'policy'],
  [/^(announcement_|event_|listing_|membership_)/, 'alliance'],
  [/^statistics_/, 'statistics'],
  [/^api_token_/, 'account'],
];

/** What an unsubscribe link names, in words: the kind's group, or the daily summary. */
export function emailKindLabel(kind: string): string {
  if (kind === 'digest') return m.email_group_digest();
  const group = BY_KIND.find(([re]) => re.test(kind))?.[1];
  return group ? GROUP[group]() : kind;
}
