import type { NotificationKind } from '@annex/contracts';
import { type Db, notifications } from '@annex/db';

/** One message to the inbox of an organisation's members (or one user). Payloads never carry sealed amounts. */
export type Notice = {
  to: { orgId: string } | { userId: string };
  kind: NotificationKind;
  orderId: string | null;
  payload?: Record<string, unknown>;
};

/**
 * Writes notices in the caller's transaction, so they exist exactly when the change they tell of does
 * (`at`: the time of a past step the notices tell of, for records of history).
 */
export async function notify(db: Db, notices: readonly Notice[], at?: Date): Promise<void> {
  await notifications.insertMany(
    db,
    notices.map((n) => ({ recipient: n.to, kind: n.kind, orderId: n.orderId, payload: n.payload ?? {} })),
    { at },
  );
}

/** The same notice to several organisations, each once. */
export function toOrgs(orgIds: readonly string[], n: Omit<Notice, 'to'>): Notice[] {
  return [...new Set(orgIds)].map((orgId) => ({ ...n, to: { orgId } }));
}
