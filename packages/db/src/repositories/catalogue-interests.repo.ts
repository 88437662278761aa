import type { VerificationStatus } from '@annex/domain';
import { type Db, withTransaction } from '../client.ts';
import { isUuid } from '../ids.ts';
import { type CatalogueActor, auditActor } from './agencies.repo.ts';
import { audit } from './audit.repo.ts';

/** A vendor's interest in a catalogue entry (a lead for the secretariat). */
export type CatalogueInterestRow = {
  entryId: string;
  vendorOrgId: string;
  note: string;
  /** annotators the firm would put on the data */
  headcount: number;
  /** items a day it could deliver, if it said */
  dailyItems: number | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** An interest with the vendor's name, county, contact and standing (the secretariat's list of leads). */
export type CatalogueLeadRow = CatalogueInterestRow & {
  vendorName: string;
  vendorCounty: string | null;
  contactName: string | null;
  contactPhone: string | null;
  verificationStatus: VerificationStatus | null;
};

/** An interest with its entry's code and title (a vendor's own list). */
export type VendorInterestRow = CatalogueInterestRow & { entryCode: string; entryTitle: string; entryStatus: string };

/** What a vendor says when it registers interest. */
export type CatalogueInterestFields = { note: string; headcount: number; dailyItems: number | null };

/** Vendors' interest in catalogue entries: one per organisation and entry; every change audited on the entry. */
export const catalogueInterests = {
  /**
   * Registers or changes the vendor's interest in the entry; audited on the entry as
   * catalogue.interest_registered or catalogue.interest_changed. `created` tells which.
   */
  async put(
    db: Db,
    entryId: string,
    vendorOrgId: string,
    f: CatalogueInterestFields,
    actor: CatalogueActor,
  ): Promise<{ row: CatalogueInterestRow; created: boolean }> {
    return await withTransaction(db, async (tx) => {
      const [row] = await tx<(CatalogueInterestRow & { created: boolean })[]>`
        insert into catalogue_interests (entry_id, vendor_org_id, note, headcount, daily_items, created_by)
        values (${entryId}, ${vendorOrgId}, ${f.note}, ${f.headcount}, ${f.dailyItems}, ${actor.userId}::uuid)
        on conflict (entry_id, vendor_org_id) do update
          set note = excluded.note, headcount = excluded.headcount, daily_items = excluded.daily_items, updated_at = clock_timestamp()
        returning *, (xmax = 0) as created`;
      const { created, ...interest } = row as CatalogueInterestRow & { created: boolean };
      await audit.append(tx, {
        ...auditActor(actor), entityType: 'catalogue_entry', entityId: entryId,
        action: created ? 'catalogue.interest_registered' : 'catalogue.interest_changed',
        after: { vendorOrgId, ...f },
      });
      return { row: interest, created };
    });
  },

  /** Withdraws the vendor's interest (audited as catalogue.interest_withdrawn); false when there was none. */
  async remove(db: Db, entryId: string, vendorOrgId: string, actor: CatalogueActor): Promise<boolean> {
    if (!isUuid(entryId) || !isUuid(vendorOrgId)) return false;
    return await withTransaction(db, async (tx) => {
      const [gone] = await tx<CatalogueInterestRow[]>`
        delete from catalogue_interests where entry_id = ${entryId} and vendor_org_id = ${vendorOrgId} returning *`;
      if (!gone) return false;
      await audit.append(tx, {
        ...auditActor(actor), entityType: 'catalogue_entry', entityId: entryId, action: 'catalogue.interest_withdrawn',
        before: { vendorOrgId, note: gone.note, headcount: gone.headcount, dailyItems: gone.dailyItems },
      });
      return true;
    });
  },

  /** The vendor's interest in the entry, or null. */
  async get(db: Db, entryId: string, vendorOrgId: string): Promise<CatalogueInterestRow | null> {
    if (!isUuid(entryId) || !isUuid(vendorOrgId)) return null;
    const [row] = await db<CatalogueInterestRow[]>`
      select * from catalogue_interests where entry_id = ${entryId} and vendor_org_id = ${vendorOrgId}`;
    return row ?? null;
  },

  /** The leads of an entry, most recently changed first. */
  async listForEntry(db: Db, entryId: string): Promise<CatalogueLeadRow[]> {
    if (!isUuid(entryId)) return [];
    return await db<CatalogueLeadRow[]>`
      select i.*, o.name as vendor_name, o.county as vendor_county, o.contact_name, o.contact_phone, vp.verification_status
      from catalogue_interests i
      join organisations o on o.id = i.vendor_org_id
      left join vendor_profiles vp on vp.org_id = i.vendor_org_id
      where i.entry_id = ${entryId}
      order by i.updated_at desc, i.vendor_org_id`;
  },

  /** A vendor's interests with their entries, most recently changed first. */
  async listForVendor(db: Db, vendorOrgId: string): Promise<VendorInterestRow[]> {
    if (!isUuid(vendorOrgId)) return [];
    return await db<VendorInterestRow[]>`
      select i.*, e.code as entry_code, e.title as entry_title, e.status as entry_status
      from catalogue_interests i join catalogue_entries e on e.id = i.entry_id
      where i.vendor_org_id = ${vendorOrgId}
      order by i.updated_at desc, i.entry_id`;
  },

  /** The organisations interested in the entry (to tell them of an order made from it). */
  async vendorOrgIds(db: Db, entryId: string): Promise<string[]> {
    if (!isUuid(entryId)) return [];
    const rows = await db<{ id: string }[]>`
      select vendor_org_id::text as id from catalogue_interests where entry_id = ${entryId} order by created_at`;
    return rows.map((r) => r.id);
  },

  /** How many vendors are interested in each entry. */
  async counts(db: Db, entryIds: readonly string[]): Promise<Map<string, number>> {
    const ids = entryIds.filter(isUuid);
    if (ids.length === 0) return new Map();
    const rows = await db<{ id: string; n: number }[]>`
      select entry_id::text as id, count(*)::int as n from catalogue_interests
      where entry_id = any(${`{${ids.join(',')}}`}::uuid[]) group by entry_id`;
    return new Map(rows.map((r) => [r.id, r.n]));
  },
};
