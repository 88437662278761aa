import type { MemberRole, OrgKind } from '@annex/domain';
import type { Db } from '../client.ts';
import { decodeIdCursor, encodeIdCursor, pageSize } from '../cursor.ts';
import { isUuid } from '../ids.ts';

/** A row of `api_tokens` (the secret's hash stays in the repository: callers compare through `findForRequest`). */
export type ApiTokenRow = {
  id: string;
  orgId: string;
  createdBy: string;
  name: string;
  scopes: string[];
  allowedSources: string[];
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  lastUsedFrom: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
};

/** A token with its creator's display name (the owner's list). */
export type ApiTokenListRow = ApiTokenRow & { createdByName: string };

/**
 * What a request needs to know about a token, in one round trip: the token, the hash to compare, its creator
 * and the creator's membership of the token's organisation now (null once they left it or changed organisation).
 */
export type ApiTokenForRequest = {
  token: ApiTokenRow;
  secretSha256: string;
  user: { id: string; email: string; displayName: string; createdAt: Date };
  membership: { orgId: string; role: MemberRole; orgKind: OrgKind } | null;
};

/** Fields of a new token. */
export type NewApiToken = {
  /** the id the token's text carries (made before the insert, with the secret) */
  id: string;
  orgId: string;
  createdBy: string;
  name: string;
  secretSha256: string;
  scopes: readonly string[];
  allowedSources: readonly string[];
  expiresAt: Date;
  /** defaults to the database clock */
  createdAt?: Date;
};

/** One request of a token's usage log. */
export type ApiTokenUsageRow = { id: number; at: Date; method: string; route: string; status: number; source: string | null };

const COLUMNS = 'id, org_id, created_by, name, scopes, allowed_sources, created_at, expires_at, last_used_at, last_used_from, revoked_at, revoked_by';
const T_COLUMNS = COLUMNS.split(', ').map((c) => `t.${c}`).join(', ');

/** API tokens, their rate windows and their usage log. */
export const apiTokens = {
  /** Inserts a token. */
  async create(db: Db, t: NewApiToken): Promise<ApiTokenRow> {
    const [row] = await db<ApiTokenRow[]>`
      insert into api_tokens (id, org_id, created_by, name, secret_sha256, scopes, allowed_sources, expires_at, created_at)
      values (${t.id}, ${t.orgId}, ${t.createdBy}, ${t.name}, ${t.secretSha256}, ${db.array([...t.scopes])}::text[],
              ${db.array([...t.allowedSources])}::text[], ${t.expiresAt}, coalesce(${t.createdAt ?? null}::timestamptz, clock_timestamp()))
      returning ${db.unsafe(COLUMNS)}`;
    return row as ApiTokenRow;
  },

  /** Locks the organisation's row, so that counting its live tokens and adding one cannot interleave. */
  async lockOrg(tx: Db, orgId: string): Promise<void> {
    await tx`select 1 from organisations where id = ${orgId} for update`;
  },

  /** Tokens of the organisation neither revoked nor expired at `now`. */
  async countLive(db: Db, orgId: string, now: Date): Promise<number> {
    const [row] = await db<{ n: number }[]>`
      select count(*)::int as n from api_tokens where org_id = ${orgId} and revoked_at is null and expires_at > ${now}`;
    return row?.n ?? 0;
  },

  /** The organisation's tokens, newest first, revoked and expired ones included. */
  async listForOrg(db: Db, orgId: string): Promise<ApiTokenListRow[]> {
    if (!isUuid(orgId)) return [];
    return await db<ApiTokenListRow[]>`
      select ${db.unsafe(T_COLUMNS)}, u.display_name as created_by_name
      from api_tokens t join users u on u.id = t.created_by
      where t.org_id = ${orgId}
      order by t.created_at desc, t.id desc`;
  },

  /** One token of the organisation, or null (also for another organisation's). */
  async findInOrg(db: Db, orgId: string, id: string): Promise<ApiTokenListRow | null> {
    if (!isUuid(id) || !isUuid(orgId)) return null;
    const [row] = await db<ApiTokenListRow[]>`
      select ${db.unsafe(T_COLUMNS)}, u.display_name as created_by_name
      from api_tokens t join users u on u.id = t.created_by
      where t.id = ${id} and t.org_id = ${orgId}`;
    return row ?? null;
  },

  /** See ApiTokenForRequest; null for an unknown id. */
  async findForRequest(db: Db, id: string): Promise<ApiTokenForRequest | null> {
    if (!isUuid(id)) return null;
    const [row] = await db<(ApiTokenRow & {
      secretSha256: string; uEmail: string; uDisplayName: string; uCreatedAt: Date; mRole: MemberRole | null; mOrgKind: OrgKind | null;
    })[]>`
      select ${db.unsafe(T_COLUMNS)}, t.secret_sha256,
             u.email as u_email, u.display_name as u_display_name, u.created_at as u_created_at,
             m.role as m_role, o.kind as m_org_kind
      from api_tokens t
      join users u on u.id = t.created_by
      left join memberships m on m.user_id = t.created_by and m.org_id = t.org_id
      left join organisations o on o.id = m.org_id
      where t.id = ${id}`;
    if (!row) return null;
    const { secretSha256, uEmail, uDisplayName, uCreatedAt, mRole, mOrgKind, ...token } = row;
    return {
      token,
      secretSha256,
      user: { id: token.createdBy, email: uEmail, displayName: uDisplayName, createdAt: uCreatedAt },
      membership: mRole && mOrgKind ? { orgId: token.orgId, role: mRole, orgKind: mOrgKind } : null,
    };
  },

  /** Revokes a live token of the organisation at `at`; the row before, or null (unknown, other organisation's, already revoked). */
  async revoke(db: Db, orgId: string, id: string, by: string, at: Date): Promise<{ before: ApiTokenRow; after: ApiTokenRow } | null> {
    if (!isUuid(id) || !isUuid(orgId)) return null;
    const [before] = await db<ApiTokenRow[]>`
      select ${db.unsafe(COLUMNS)} from api_tokens where id = ${id} and org_id = ${orgId} and revoked_at is null for update`;
    if (!before) return null;
    const [after] = await db<ApiTokenRow[]>`
      update api_tokens set revoked_at = ${at}, revoked_by = ${by} where id = ${id} returning ${db.unsafe(COLUMNS)}`;
    return { before, after: after as ApiTokenRow };
  },

  /**
   * Counts one request in the token's window starting `windowStart` and returns the window's count, all processes
   * together; with `touch`, records `at` and `from` as the token's last use in the same round trip.
   */
  async countRequest(db: Db, r: { tokenId: string; windowStart: Date; touch: boolean; at: Date; from: string }): Promise<number> {
    const [row] = await db<{ requests: number }[]>`
      with touched as (
        update api_tokens set last_used_at = ${r.at}, last_used_from = ${r.from}
        where id = ${r.tokenId} and ${r.touch}
        returning 1
      )
      insert into api_token_rate_windows as w (token_id, window_start, requests)
      values (${r.tokenId}, ${r.windowStart}, 1)
      on conflict (token_id, window_start) do update set requests = w.requests + 1
      returning w.requests`;
    return row?.requests ?? 0;
  },

  /** Appends one request to the token's usage log. */
  async logUsage(db: Db, u: { tokenId: string; at: Date; method: string; route: string; status: number; source: string | null }): Promise<void> {
    await db`
      insert into api_token_usage (token_id, at, method, route, status, source)
      values (${u.tokenId}, ${u.at}, ${u.method.slice(0, 10)}, ${u.route.slice(0, 300)}, ${u.status}, ${u.source?.slice(0, 64) ?? null})`;
  },

  /** A page of the token's usage log, newest first (cursor pagination; InvalidCursorError for a bad cursor). */
  async usage(
    db: Db, tokenId: string, opts: { cursor?: string | null; limit?: number } = {},
  ): Promise<{ items: ApiTokenUsageRow[]; nextCursor: string | null }> {
    if (!isUuid(tokenId)) return { items: [], nextCursor: null };
    const n = pageSize(opts.limit);
    const before = opts.cursor ? decodeIdCursor(opts.cursor) : null;
    const rows = await db<ApiTokenUsageRow[]>`
      select id, at, method, route, status, source from api_token_usage
      where token_id = ${tokenId} ${before === null ? db`` : db`and id < ${before}`}
      order by id desc
      limit ${n + 1}`;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return { items: page, nextCursor: rows.length > n && last ? encodeIdCursor(last.id) : null };
  },

  /** Deletes usage older than `before`; returns how many rows. */
  async deleteUsageBefore(db: Db, before: Date): Promise<number> {
    return (await db`delete from api_token_usage where at < ${before}`).count;
  },

  /** Deletes rate windows that started before `before`; returns how many. */
  async deleteWindowsBefore(db: Db, before: Date): Promise<number> {
    return (await db`delete from api_token_rate_windows where window_start < ${before}`).count;
  },
};
