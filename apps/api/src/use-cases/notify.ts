import type { NotificationKind } from '@annex/contracts';
import { type Db, notifications } from '@annex/db';

/** One message to the inbox of an organisation's members (or one user). Payloads never carry sealed amounts. */
export type Notice = {
  to: { orgId: string } | { userId: string };
  kind: NotificationKind;
  orderId: string | null;
  payload?: Record<string, unknown>;
};

/** Writes notices in the caller's transaction, so they exist exactly when the change they tell of does. */
export async function notify(db: Db, notices: readonly Notice[]): Promise<void> {
  await notifications.insertMany(
    db,
    notices.map((n) => ({ recipient: n.to, kind: n.kind, orderId: n.orderId, payload: n.payload ?? {} })),
  );
}

/** The same notice to several organisations, each once. */
export function toOrgs(orgIds: readonly string[], n: Omit<Notice, 'to'>): Notice[] {
  return [...new Set(orgIds)].map((orgId) => ({ ...n, to: { orgId } }));
}
