import { VerificationDecision } from '@annex/contracts';
import { VERIFICATION_STATUSES, type VerificationStatus } from '@annex/domain';
import { beijingDate } from '#lib/i18n.ts';
import { isOrgDecision } from '#lib/org-decision.ts';
import { listPage, requireMe } from '#lib/server/page.ts';
import { orgDecisionAction } from '#lib/server/queue.ts';
import { decideErrors } from './rules.ts';
import type { Actions, PageServerLoad } from './$types';

const isStatus = (s: string | null): s is VerificationStatus => (VERIFICATION_STATUSES as readonly (string | null)[]).includes(s);

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireMe(locals, url, ['secretariat']);

  const q = url.searchParams;
  const status = isStatus(q.get('status')) ? (q.get('status') as VerificationStatus) : 'pending';
  const cursor = q.get('cursor');
  const page = listPage(await locals.api.adminVendors({ status, cursor: cursor ?? undefined, limit: 20 }), cookies, url);
  const act = q.get('act');
  const done = q.get('done');
  const now = new Date();
  return {
    now: now.toISOString(),
    today: beijingDate(now),
    defaultUntil: beijingDate(now, 1),
    status,
    cursor,
    ...page,
    act: isOrgDecision(act) ? act : null,
    target: isOrgDecision(act) ? (page.items.find((i) => i.id === q.get('org')) ?? null) : null,
    done: isOrgDecision(done) ? done : null,
    doneName: q.get('name') ?? '',
  };
};

export const actions: Actions = {
  decide: orgDecisionAction({
    queue: '/admin/vendors',
    defaultStatus: 'pending',
    fields: ['verifiedUntil', 'reason'],
    errors: decideErrors,
    body: (decision, v) =>
      VerificationDecision.safeParse(
        decision === 'approve'
          ? { decision, verifiedUntil: `${v.verifiedUntil}T23:59:59+08:00` }
          : decision === 'reinstate'
            ? { decision }
            : { decision, reason: v.reason.trim() },
      ),
    send: (api, orgId, body) => api.decideVerification(orgId, body),
  }),
};
