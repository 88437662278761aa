import type { Db } from '../client.ts';
import { rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';

/** An order file (guideline, sample). The bytes live in storage under `storageKey`. */
export type AttachmentRow = {
  id: string;
  orderId: string;
  kind: 'guideline' | 'sample' | 'other';
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string | null;
  createdAt: Date;
};

/** Fields of a new attachment. */
export type NewAttachment = Omit<AttachmentRow, 'id' | 'createdAt' | 'uploadedBy'> & { uploadedBy?: string | null };

/** The files of orders (guidelines, samples); the bytes live in storage. */
export const orderAttachments = {
  /** Records an uploaded file of an order. */
  async add(db: Db, a: NewAttachment): Promise<AttachmentRow> {
    try {
      const [row] = await db<AttachmentRow[]>`
        insert into order_attachments (order_id, kind, file_name, content_type, size_bytes, sha256, storage_key, uploaded_by)
        values (${a.orderId}, ${a.kind}, ${a.fileName}, ${a.contentType}, ${a.sizeBytes}, ${a.sha256}, ${a.storageKey},
                ${a.uploadedBy ?? null})
        returning *`;
      return row as AttachmentRow;
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /** The files of an order, oldest first. */
  async list(db: Db, orderId: string): Promise<AttachmentRow[]> {
    if (!isUuid(orderId)) return [];
    return await db<AttachmentRow[]>`
      select * from order_attachments where order_id = ${orderId} order by created_at, id`;
  },

  /** One file of an order, or null (also when it belongs to another order). */
  async get(db: Db, orderId: string, attachmentId: string): Promise<AttachmentRow | null> {
    if (!isUuid(orderId) || !isUuid(attachmentId)) return null;
    const [row] = await db<AttachmentRow[]>`
      select * from order_attachments where id = ${attachmentId} and order_id = ${orderId}`;
    return row ?? null;
  },

  /** Deletes a file record and returns it (so the caller can remove the bytes), or null. */
  async delete(db: Db, orderId: string, attachmentId: string): Promise<AttachmentRow | null> {
    if (!isUuid(orderId) || !isUuid(attachmentId)) return null;
    const [row] = await db<AttachmentRow[]>`
      delete from order_attachments where id = ${attachmentId} and order_id = ${orderId} returning *`;
    return row ?? null;
  },

  /** How many files an order has and their total size (for upload limits). */
  async usage(db: Db, orderId: string): Promise<{ count: number; bytes: number }> {
    if (!isUuid(orderId)) return { count: 0, bytes: 0 };
    const [row] = await db<{ count: number; bytes: number }[]>`
      select count(*)::int as count, coalesce(sum(size_bytes), 0)::bigint as bytes
      from order_attachments where order_id = ${orderId}`;
    return row ?? { count: 0, bytes: 0 };
  },
};
