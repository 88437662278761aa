import type {
  AgencyKind, AnnotationStatus, CatalogueSector, CatalogueStatus, DataLevel, Modality, OpenType, RawVolumeUnit, SharingType, TaskType,
  UpdateFrequency,
} from '@annex/domain';
import type { Db } from '../client.ts';
import type { Fragment } from './order-sql.ts';
import { textArrayLiteral } from './search.repo.ts';

// The SQL pieces of the catalogue repositories: the entry's fields ↔ columns, the joined select, the row mapping.

/** An entry's raw volume. */
export type CatalogueVolume = { quantity: number; unit: RawVolumeUnit };
/** Who at the holding agency to ask (shown to verified members only). */
export type CatalogueContact = { name: string; phone: string | null; email: string | null };

/** The fields of a catalogue entry the secretariat writes (the shape of the contracts' CatalogueEntryInput). */
export type CatalogueEntryFields = {
  code: string;
  title: string;
  /** Markdown as written */
  summary: string;
  agencyId: string;
  sector: CatalogueSector;
  modality: Modality;
  /** suggested annotation tasks */
  taskTypes: readonly TaskType[];
  volume: CatalogueVolume | null;
  /** first and last day the data covers, `YYYY-MM-DD` */
  coverageFrom: string | null;
  coverageTo: string | null;
  updateFrequency: UpdateFrequency;
  sharingType: SharingType;
  openType: OpenType;
  dataLevel: DataLevel;
  containsPersonalInfo: boolean;
  accessConditions: string;
  annotationStatus: AnnotationStatus;
  /** packages/domain COUNTIES code */
  county: string | null;
  tags: readonly string[];
  contact: CatalogueContact | null;
};

/** A change of an entry's fields (undefined = keep, null = clear). */
export type CatalogueEntryPatch = Partial<CatalogueEntryFields>;

/** The agency of an entry, as entries show it. */
export type EntryAgency = { id: string; name: string; shortName: string | null; nameEn: string | null; kind: AgencyKind };

/** A stored catalogue entry with its agency. */
export type CatalogueEntryRow = Omit<CatalogueEntryFields, 'taskTypes' | 'tags'> & {
  id: string;
  taskTypes: TaskType[];
  tags: string[];
  agency: EntryAgency;
  status: CatalogueStatus;
  /** first publication (kept when unpublished) */
  publishedAt: Date | null;
  archivedAt: Date | null;
  /** bumped by every change of the row */
  version: number;
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
};

type Bind = (db: Db, v: unknown) => Fragment;
const text: Bind = (db, v) => db`${(v as string | null) ?? null}::text`;
const uuid: Bind = (db, v) => db`${v as string}::uuid`;
const date: Bind = (db, v) => db`${(v as string | null) ?? null}::date`;
const bool: Bind = (db, v) => db`${v as boolean}::boolean`;
const texts: Bind = (db, v) => db`${textArrayLiteral((v as string[] | null) ?? [])}::text[]`;
const bigint: Bind = (db, v) => db`${(v as number | null) ?? null}::bigint`;

// each field → its columns and how the field's value gives each column's
const FIELDS: { [K in keyof CatalogueEntryFields]: [column: string, bind: Bind, value?: (v: CatalogueEntryFields[K]) => unknown][] } = {
  code: [['code', text]],
  title: [['title', text]],
  summary: [['summary', text]],
  agencyId: [['agency_id', uuid]],
  sector: [['sector', text]],
  modality: [['modality', text]],
  taskTypes: [['task_types', texts]],
  volume: [['volume_quantity', bigint, (v) => v?.quantity ?? null], ['volume_unit', text, (v) => v?.unit ?? null]],
  coverageFrom: [['coverage_from', date]],
  coverageTo: [['coverage_to', date]],
  updateFrequency: [['update_frequency', text]],
  sharingType: [['sharing_type', text]],
  openType: [['open_type', text]],
  dataLevel: [['data_level', text]],
  containsPersonalInfo: [['contains_personal_info', bool]],
  accessConditions: [['access_conditions', text]],
  annotationStatus: [['annotation_status', text]],
  county: [['county', text]],
  tags: [['tags', texts]],
  contact: [
    ['contact_name', text, (v) => v?.name ?? null],
    ['contact_phone', text, (v) => v?.phone ?? null],
    ['contact_email', text, (v) => v?.email ?? null],
  ],
};
/** The fields of an entry, in a fixed order. */
export const ENTRY_FIELD_NAMES = Object.keys(FIELDS) as (keyof CatalogueEntryFields)[];

/** [column, bound value] pairs for the fields given in `f`. */
export function entryColumns(db: Db, f: CatalogueEntryPatch): [string, Fragment][] {
  const out: [string, Fragment][] = [];
  for (const name of ENTRY_FIELD_NAMES) {
    const v = f[name];
    if (v === undefined) continue;
    for (const [column, bind, value] of FIELDS[name] as [string, Bind, ((x: unknown) => unknown)?][]) {
      out.push([column, bind(db, value ? value(v) : v)]);
    }
  }
  return out;
}

/** `select` of entries with their agency (alias `e` for the entry, `a` for the agency). */
export const ENTRY_SELECT = (db: Db) => db`
  select e.*, a.name as agency_name, a.short_name as agency_short_name, a.name_en as agency_name_en, a.kind as agency_kind
  from catalogue_entries e join agencies a on a.id = e.agency_id`;

/** A row as the joined select returns it. */
export type RawEntry = Omit<CatalogueEntryRow, 'volume' | 'contact' | 'agency'> & {
  volumeQuantity: number | null;
  volumeUnit: RawVolumeUnit | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  agencyName: string;
  agencyShortName: string | null;
  agencyNameEn: string | null;
  agencyKind: AgencyKind;
};

/** The joined row in the repository's shape. */
export function toEntryRow(r: RawEntry): CatalogueEntryRow {
  const {
    volumeQuantity, volumeUnit, contactName, contactPhone, contactEmail, agencyName, agencyShortName, agencyNameEn, agencyKind, ...rest
  } = r;
  return {
    ...rest,
    volume: volumeQuantity !== null && volumeUnit !== null ? { quantity: volumeQuantity, unit: volumeUnit } : null,
    contact: contactName !== null ? { name: contactName, phone: contactPhone, email: contactEmail } : null,
    agency: { id: r.agencyId, name: agencyName, shortName: agencyShortName, nameEn: agencyNameEn, kind: agencyKind },
  };
}

/** JSON-comparable form of a field value (what the audit log records). */
const plain = (v: unknown): unknown => (v === undefined ? null : JSON.parse(JSON.stringify(v)));

/** The fields of `patch` whose value differs from `cur`'s, each with both values. */
export function entryChanges(cur: CatalogueEntryRow, patch: CatalogueEntryPatch): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const name of ENTRY_FIELD_NAMES) {
    if (patch[name] === undefined) continue;
    const from = plain(cur[name]);
    const to = plain(patch[name]);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[name] = { from, to };
  }
  return changes;
}

/** The fields of a row (what `entryChanges` compares, and what a created entry's audit record holds). */
export function fieldsOf(r: CatalogueEntryRow): CatalogueEntryFields {
  return Object.fromEntries(ENTRY_FIELD_NAMES.map((k) => [k, r[k]])) as unknown as CatalogueEntryFields;
}
