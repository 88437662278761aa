import type { Db } from '../client.ts';

/** What the audience rules (packages/domain audience.ts) ask the database. */
export const audiences = {
  /**
   * The users an audience tells, each once: every user of an organisation other than the secretariat, narrowed to
   * organisations that are current members (`membersOnly`) and to one kind (`orgKind`).
   */
  async userIds(db: Db, r: { membersOnly: boolean; orgKind: string | null }): Promise<string[]> {
    const rows = await db<{ userId: string }[]>`
      select distinct m.user_id
      from memberships m
      join organisations o on o.id = m.org_id
      ${r.membersOnly ? db`join alliance_memberships a on a.org_id = o.id and a.status = 'member'` : db``}
      where o.kind <> 'secretariat' ${r.orgKind ? db`and o.kind = ${r.orgKind}` : db``}
      order by m.user_id`;
    return rows.map((x) => x.userId);
  },
};
