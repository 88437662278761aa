import type { CaseStatus, MaterialStatus } from '@annex/domain';
import { type Db, withTransaction } from '../client.ts';
import { decodeCursor, decodeIdCursor, encodeCursor, encodeIdCursor, pageSize } from '../cursor.ts';
import { rethrowTyped } from '../errors.ts';
import { isUuid } from '../ids.ts';

/** A case with the names the lists show and its version's time limit (for the clock). */
export type CaseRow = {
  id: string;
  serviceId: string;
  serviceVersion: number;
  serviceName: string;
  serviceCode: string;
  timeLimitDays: number | null;
  orgId: string;
  orgName: string;
  openedBy: string | null;
  status: CaseStatus;
  note: string;
  rejectReason: string | null;
  withdrawReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  acceptedAt: Date | null;
  filedAt: Date | null;
  decidedAt: Date | null;
  closedAt: Date | null;
};

/** A material of a case's checklist, with how many files were handed in and the latest. */
export type CaseMaterialRow = {
  caseId: string;
  materialId: string;
  name: string;
  required: boolean;
  position: number;
  status: MaterialStatus;
  reviewReason: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  updatedAt: Date;
};

/** A file handed in for a material. The bytes live in storage under `storageKey`. */
export type CaseFileRow = {
  id: string;
  caseId: string;
  materialId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string | null;
  createdAt: Date;
};
/** Fields of a new case file. */
export type NewCaseFile = Omit<CaseFileRow, 'id' | 'createdAt'>;

/** A message of a case's thread. */
export type CaseMessageRow = {
  id: number;
  caseId: string;
  authorUserId: string | null;
  authorOrgId: string | null;
  authorName: string | null;
  fromSecretariat: boolean;
  body: string;
  createdAt: Date;
};

/** A case to open, with the checklist of its service version. */
export type NewCase = {
  serviceId: string;
  serviceVersion: number;
  orgId: string;
  openedBy: string | null;
  note: string;
  materials: { materialId: string; name: string; required: boolean }[];
};

/** Time stamps a step sets (packages/domain stampOf). */
export type CaseStamp = 'acceptedAt' | 'filedAt' | 'decidedAt' | 'closedAt';
const STAMP_COLUMN: Record<CaseStamp, string> = {
  acceptedAt: 'accepted_at', filedAt: 'filed_at', decidedAt: 'decided_at', closedAt: 'closed_at',
};

const selectCases = (db: Db) => db`
  select c.*, v.name as service_name, s.code as service_code, v.time_limit_days, o.name as org_name,
         (extract(epoch from c.created_at) * 1000000)::bigint::text as cursor_us
  from policy_cases c
  join policy_services s on s.id = c.service_id
  join policy_service_versions v on v.service_id = c.service_id and v.version = c.service_version
  join organisations o on o.id = c.org_id`;

const strip = ({ cursorUs: _, ...row }: CaseRow & { cursorUs?: string }): CaseRow => row;

/** Policy-agency cases (代办事项), their checklists, files and messages. */
export const policyCases = {
  /**
   * Opens a case with its checklist (every material missing). UniqueViolation('policy_cases_one_open_per_service')
   * when the organisation already has an open case for the service.
   */
  async open(db: Db, c: NewCase): Promise<CaseRow> {
    try {
      return await withTransaction(db, async (tx) => {
        const [row] = await tx<{ id: string }[]>`
          insert into policy_cases (service_id, service_version, org_id, opened_by, note)
          values (${c.serviceId}, ${c.serviceVersion}, ${c.orgId}, ${c.openedBy}, ${c.note})
          returning id`;
        const id = (row as { id: string }).id;
        if (c.materials.length > 0) {
          await tx`
            insert into policy_case_materials ${tx(c.materials.map((m, i) => ({
              case_id: id, material_id: m.materialId, name: m.name, required: m.required, position: i,
            })))}`;
        }
        return (await policyCases.get(tx, id)) as CaseRow;
      });
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /** A case, or null. */
  async get(db: Db, id: string): Promise<CaseRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<CaseRow[]>`${selectCases(db)} where c.id = ${id}`;
    return row ? strip(row) : null;
  },

  /** One page of an organisation's cases, newest first (optionally in some states). */
  async listForOrg(
    db: Db, orgId: string, opts: { statuses?: readonly CaseStatus[]; cursor?: string | null; limit?: number } = {},
  ): Promise<{ items: CaseRow[]; nextCursor: string | null }> {
    if (!isUuid(orgId)) return { items: [], nextCursor: null };
    const n = pageSize(opts.limit);
    const before = opts.cursor ? decodeCursor(opts.cursor) : null;
    const rows = await db<(CaseRow & { cursorUs: string })[]>`
      ${selectCases(db)}
      where c.org_id = ${orgId}
        ${opts.statuses?.length ? db`and c.status = any(${db.array(opts.statuses as CaseStatus[])}::text[])` : db``}
        ${before
          ? db`and (c.created_at, c.id) < ('epoch'::timestamptz + ${before.us}::bigint * interval '1 microsecond', ${before.id}::uuid)`
          : db``}
      order by c.created_at desc, c.id desc
      limit ${n + 1}`;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return { items: page.map(strip), nextCursor: rows.length > n && last ? encodeCursor({ us: last.cursorUs, id: last.id }) : null };
  },

  /** Every case in the given states, oldest first, up to `max` (the secretariat's queue orders them by due day). */
  async listInStatuses(db: Db, statuses: readonly CaseStatus[], max = 1000): Promise<CaseRow[]> {
    const rows = await db<CaseRow[]>`
      ${selectCases(db)} where c.status = any(${db.array(statuses as CaseStatus[])}::text[])
      order by c.created_at, c.id limit ${max}`;
    return rows.map(strip);
  },

  /**
   * Moves a case from one of `from` to `to`, setting the step's time stamp and reason; null when its state was
   * not one of `from` (someone else moved it first).
   */
  async transition(
    db: Db, id: string, from: readonly CaseStatus[], to: CaseStatus,
    opts: { stamp?: CaseStamp | null; rejectReason?: string | null; withdrawReason?: string | null } = {},
  ): Promise<CaseRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<{ id: string }[]>`
      update policy_cases set status = ${to}, updated_at = clock_timestamp()
        ${opts.stamp ? db`, ${db(STAMP_COLUMN[opts.stamp])} = clock_timestamp()` : db``}
        ${opts.rejectReason != null ? db`, reject_reason = ${opts.rejectReason}` : db``}
        ${opts.withdrawReason != null ? db`, withdraw_reason = ${opts.withdrawReason}` : db``}
      where id = ${id} and status = any(${db.array(from as CaseStatus[])}::text[])
      returning id`;
    return row ? policyCases.get(db, id) : null;
  },

  /** Marks a case changed (a message, an upload) so lists sorted by activity see it. */
  async touch(db: Db, id: string): Promise<void> {
    if (isUuid(id)) await db`update policy_cases set updated_at = clock_timestamp() where id = ${id}`;
  },

  /** The checklist of a case, in the service's order. */
  async materials(db: Db, caseId: string): Promise<CaseMaterialRow[]> {
    if (!isUuid(caseId)) return [];
    return await db<CaseMaterialRow[]>`select * from policy_case_materials where case_id = ${caseId} order by position`;
  },

  /** The checklists of several cases at once, by case id. */
  async materialsOf(db: Db, caseIds: readonly string[]): Promise<Map<string, CaseMaterialRow[]>> {
    const ids = caseIds.filter(isUuid);
    const out = new Map<string, CaseMaterialRow[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = await db<CaseMaterialRow[]>`
      select * from policy_case_materials where case_id = any(${db.array(ids)}::uuid[]) order by case_id, position`;
    for (const r of rows) out.get(r.caseId)?.push(r);
    return out;
  },

  /**
   * Sets a material's status if it is one of `from` (the domain's rule); a review records who, when and why.
   * Null when the material does not exist or its status moved meanwhile.
   */
  async setMaterialStatus(
    db: Db, caseId: string, materialId: string, from: readonly MaterialStatus[], to: MaterialStatus,
    review: { by: string; reason: string | null } | null,
  ): Promise<CaseMaterialRow | null> {
    if (!isUuid(caseId)) return null;
    const [row] = await db<CaseMaterialRow[]>`
      update policy_case_materials set status = ${to}, updated_at = clock_timestamp()
        ${review
          ? db`, review_reason = ${review.reason}, reviewed_by = ${review.by}, reviewed_at = clock_timestamp()`
          : db``}
      where case_id = ${caseId} and material_id = ${materialId} and status = any(${db.array(from as MaterialStatus[])}::text[])
      returning *`;
    return row ?? null;
  },

  /** Records an uploaded file of a material. */
  async addFile(db: Db, f: NewCaseFile): Promise<CaseFileRow> {
    try {
      const [row] = await db<CaseFileRow[]>`
        insert into policy_case_files (case_id, material_id, file_name, content_type, size_bytes, sha256, storage_key, uploaded_by)
        values (${f.caseId}, ${f.materialId}, ${f.fileName}, ${f.contentType}, ${f.sizeBytes}, ${f.sha256}, ${f.storageKey}, ${f.uploadedBy})
        returning *`;
      return row as CaseFileRow;
    } catch (err) {
      rethrowTyped(err);
    }
  },

  /** The files of a case, oldest first. */
  async files(db: Db, caseId: string): Promise<CaseFileRow[]> {
    if (!isUuid(caseId)) return [];
    return await db<CaseFileRow[]>`select * from policy_case_files where case_id = ${caseId} order by created_at, id`;
  },

  /** One file of a case, or null (also when it belongs to another case). */
  async getFile(db: Db, caseId: string, fileId: string): Promise<CaseFileRow | null> {
    if (!isUuid(caseId) || !isUuid(fileId)) return null;
    const [row] = await db<CaseFileRow[]>`select * from policy_case_files where id = ${fileId} and case_id = ${caseId}`;
    return row ?? null;
  },

  /** How many files a case has and their total size (for upload limits). */
  async fileUsage(db: Db, caseId: string): Promise<{ count: number; bytes: number }> {
    if (!isUuid(caseId)) return { count: 0, bytes: 0 };
    const [row] = await db<{ count: number; bytes: number }[]>`
      select count(*)::int as count, coalesce(sum(size_bytes), 0)::bigint as bytes from policy_case_files where case_id = ${caseId}`;
    return row ?? { count: 0, bytes: 0 };
  },

  /** Appends a message to a case's thread. */
  async addMessage(
    db: Db, m: { caseId: string; authorUserId: string; authorOrgId: string | null; fromSecretariat: boolean; body: string },
  ): Promise<CaseMessageRow> {
    const [row] = await db<{ id: number }[]>`
      insert into policy_case_messages (case_id, author_user_id, author_org_id, from_secretariat, body)
      values (${m.caseId}, ${m.authorUserId}, ${m.authorOrgId}, ${m.fromSecretariat}, ${m.body})
      returning id`;
    const [msg] = await db<CaseMessageRow[]>`${selectMessages(db)} where m.id = ${(row as { id: number }).id}`;
    return msg as CaseMessageRow;
  },

  /** One page of a case's messages, oldest first. */
  async messages(db: Db, caseId: string, opts: { cursor?: string | null; limit?: number } = {}): Promise<{ items: CaseMessageRow[]; nextCursor: string | null }> {
    if (!isUuid(caseId)) return { items: [], nextCursor: null };
    const n = pageSize(opts.limit);
    const after = opts.cursor ? decodeIdCursor(opts.cursor) : null;
    const rows = await db<CaseMessageRow[]>`
      ${selectMessages(db)} where m.case_id = ${caseId} ${after === null ? db`` : db`and m.id > ${after}`}
      order by m.id limit ${n + 1}`;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return { items: page, nextCursor: rows.length > n && last ? encodeIdCursor(last.id) : null };
  },
};

const selectMessages = (db: Db) => db`
  select m.*, u.display_name as author_name from policy_case_messages m left join users u on u.id = m.author_user_id`;
