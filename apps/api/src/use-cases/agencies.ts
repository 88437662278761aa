import type { Agency, AgencyList, CreateAgencyRequest, UpdateAgencyRequest } from '@annex/contracts';
import { type AgencyRow, agencies, isUniqueViolation } from '@annex/db';
import type { AuthContext } from '../env.ts';
import { AppError } from '../errors.ts';
import { actorOf } from './catalogue-view.ts';
import { type Deps, type RequestMeta, db } from './context.ts';
import { requireOrgKind } from './guards.ts';

// The managed list of agencies that hold the catalogue's data: public to read, the secretariat's to keep.

const toAgency = (r: AgencyRow): Agency => ({
  id: r.id, name: r.name, shortName: r.shortName, nameEn: r.nameEn, kind: r.kind, county: r.county as Agency['county'],
});

const nameTaken = () =>
  new AppError('agency_name_taken', 'another agency already has this name or short name', {
    errors: [{ path: 'name', message: 'the name and the short name must be unique' }],
  });

/** GET /catalogue/agencies: every agency, by name. */
export async function listAgencies(deps: Deps): Promise<AgencyList> {
  return { items: (await agencies.list(db(deps))).map(toAgency) };
}

/** POST /catalogue/agencies: the secretariat adds an agency. */
export async function createAgency(deps: Deps, auth: AuthContext, body: CreateAgencyRequest, meta: RequestMeta): Promise<Agency> {
  requireOrgKind(auth, 'secretariat', 'keep the list of agencies');
  try {
    return toAgency(await agencies.create(db(deps), body, actorOf(auth, meta)));
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}

/** PATCH /catalogue/agencies/{id}: the secretariat renames or reclassifies an agency (its entries are re-indexed). */
export async function updateAgency(deps: Deps, auth: AuthContext, id: string, body: UpdateAgencyRequest, meta: RequestMeta): Promise<Agency> {
  requireOrgKind(auth, 'secretariat', 'keep the list of agencies');
  let r: Awaited<ReturnType<typeof agencies.update>>;
  try {
    r = await agencies.update(db(deps), id, body, actorOf(auth, meta));
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
  if (!r.ok) throw new AppError('not_found', 'no agency with this id');
  return toAgency(r.row);
}
