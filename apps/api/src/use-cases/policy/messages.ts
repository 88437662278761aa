import type { CaseMessage, PostCaseMessage } from '@annex/contracts';
import { InvalidCursorError, policyCases, withTransaction } from '@annex/db';
import { mayDoInCase } from '@annex/domain';
import type { AuthContext } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { type Deps, type RequestMeta, db } from '../context.ts';
import { notify, toOrgs } from '../notify.ts';
import { loadCase, secretariatOrgIds } from './access.ts';
import { toCaseMessage } from './presenters.ts';

/** GET /policy/cases/{id}/messages: the thread between the firm and the secretariat, oldest first. */
export async function listMessages(deps: Deps, auth: AuthContext, caseId: string, q: { cursor?: string | undefined; limit: number }) {
  await loadCase(deps, auth, caseId);
  try {
    const page = await policyCases.messages(db(deps), caseId, q);
    return { items: page.items.map(toCaseMessage), nextCursor: page.nextCursor };
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw new AppError('validation_failed', 'the cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
    throw err;
  }
}

/** POST /policy/cases/{id}/messages: the firm or the secretariat writes to the other, who is told. */
export async function postMessage(deps: Deps, auth: AuthContext, caseId: string, body: PostCaseMessage, _meta: RequestMeta): Promise<CaseMessage> {
  const c = await loadCase(deps, auth, caseId);
  if (!mayDoInCase('message', c.row.status, c.role)) throw new AppError('invalid_transition', `the case is ${c.row.status}: its thread is closed`);
  const fromSecretariat = c.role === 'secretariat';
  const msg = await withTransaction(db(deps), async (tx) => {
    const m = await policyCases.addMessage(tx, {
      caseId, authorUserId: auth.user.id, authorOrgId: auth.membership?.orgId ?? null, fromSecretariat, body: body.body,
    });
    await policyCases.touch(tx, caseId);
    await notify(tx, toOrgs(fromSecretariat ? [c.row.orgId] : await secretariatOrgIds(tx), {
      kind: 'policy_case_message', orderId: null,
      payload: { caseId, serviceName: c.row.serviceName, orgName: c.row.orgName, fromSecretariat },
    }));
    return m;
  });
  return toCaseMessage(msg);
}
