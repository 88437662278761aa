import type { TrackRecord } from '@annex/contracts';
import { organisations } from '@annex/db';
import { isVendorActive } from '@annex/domain';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { type Deps, db } from './context.ts';
import { buyerTrackRecordOf, toBuyerRecordView, toVendorRecordView, vendorTrackRecords } from './track-record-view.ts';
import { viewerOf } from './viewer.ts';

/**
 * GET /organisations/{id}/track-record: a vendor's track record (public for a verified vendor, as its profile is)
 * or a buyer's (any signed-in member, as its payment record: vendors weigh it before they bid). Every figure lists
 * the orders it counted. An unverified vendor's is seen by itself and the secretariat only; the secretariat has none (404).
 */
export async function getTrackRecord(deps: Deps, auth: AuthContext | null, orgId: string): Promise<TrackRecord> {
  const d = db(deps);
  const org = await organisations.findById(d, orgId);
  const now = deps.now();
  const viewer = viewerOf(auth);
  if (org?.kind === 'vendor') {
    const own = viewer.kind === 'vendor' && viewer.orgId === org.id;
    const active = org.verification ? isVendorActive(org.verification, now) : false;
    if (!active && !own && viewer.kind !== 'secretariat') throw new AppError('not_found', 'no verified vendor with this id');
    return toVendorRecordView(org.id, (await vendorTrackRecords(d, now)).of(org.id));
  }
  if (org?.kind === 'buyer') {
    if (!auth) throw new AppError('unauthenticated', "sign in to see a buyer's record");
    return toBuyerRecordView(org.id, (await buyerTrackRecordOf(d, org.id, now)).record);
  }
  throw new AppError('not_found', 'no vendor or buyer with this id');
}
