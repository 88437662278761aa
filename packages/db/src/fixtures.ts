import { randomBytes, randomInt } from 'node:crypto';
import { type CapabilityProfile, type CatalogueStatus, type OrgKind, countyRequired, formatQuarter, quarterEnd, usccCheckCharacter } from '@annex/domain';
import type { Db } from './client.ts';
import { type AgencyRow, agencies } from './repositories/agencies.repo.ts';
import { catalogue } from './repositories/catalogue.repo.ts';
import type { CatalogueEntryFields, CatalogueEntryRow } from './repositories/catalogue-sql.ts';
import { type OrganisationRecord, organisations } from './repositories/organisations.repo.ts';
import { type UserRow, users } from './repositories/users.repo.ts';
import type { BidOfferFields } from './repositories/bids.repo.ts';
import { type NewDraft, type NewOrder, type OrderRow, orders } from './repositories/orders.repo.ts';
import type { ServiceVersionFields } from './repositories/policy-services.repo.ts';

// Test data builders shared by the db, auth and api tests (import from '@annex/db/fixtures.ts').

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A random USCC with a correct check character (division 371500, Liaocheng). */
export function randomUscc(): string {
  let body = '91371500';
  for (let i = 0; i < 9; i++) body += ALPHABET[randomInt(ALPHABET.length)];
  return body + usccCheckCharacter(body);
}

/** A random unique e-mail address. */
export function randomEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.cn`;
}

/** A random session id (hex SHA-256 shape). */
export function randomSessionId(): string {
  return randomBytes(32).toString('hex');
}

/** A filled-in vendor capability profile. */
export function sampleCapabilities(): CapabilityProfile {
  return {
    modalities: ['image', 'point_cloud'],
    taskTypes: ['bbox', 'semantic_segmentation', 'cuboid_3d'],
    headcount: 120,
    dailyCapacity: { bbox: 20_000, semantic_segmentation: 1_500, cuboid_3d: 800 },
    certifications: [{ name: 'iso27001', expiresOn: '2027-06-30' }],
    secureRoom: true,
    tools: ['cvat', 'in_house'],
    yearsActive: 4,
    revenueBand: '5m_20m',
    aboveDesignatedSize: false,
  };
}

/** Creates an organisation (of `kind`) with an owner user; returns both. */
export async function createOrgWithOwner(
  db: Db,
  kind: OrgKind,
  opts: { name?: string; email?: string } = {},
): Promise<{ org: OrganisationRecord; owner: UserRow }> {
  const org = await organisations.create(db, {
    kind,
    name: opts.name ?? `${kind} ${randomBytes(3).toString('hex')}`,
    uscc: kind === 'secretariat' ? null : randomUscc(),
    contactName: '张三',
    contactPhone: '13800000000',
    county: countyRequired(kind) ? '371502' : null,
    capabilities: kind === 'vendor' ? sampleCapabilities() : undefined,
  });
  const owner = await users.create(db, {
    email: opts.email ?? randomEmail(kind),
    passwordHash: '$argon2id$fake',
    displayName: '测试用户',
  });
  await organisations.addMember(db, { userId: owner.id, orgId: org.id, role: 'owner' });
  return { org, owner };
}

const HOUR = 3_600_000;

/** A complete, valid set of order terms relative to `now` (bid deadline in 7 days). */
export function sampleOrderFields(now = new Date()): Omit<NewDraft, 'buyerOrgId'> {
  return {
    title: '城市道路点云 3D 框标注',
    description: '## 要求\n- 9 类目标\n- 跨帧跟踪',
    modality: 'point_cloud',
    taskTypes: ['cuboid_3d', 'tracking'],
    volumeQuantity: 120_000,
    volumeUnit: 'frames',
    unitPriceCeilingFen: 800,
    budgetTotalFen: 96_000_000,
    biddingMode: 'sealed',
    questionsCloseAt: new Date(now.getTime() + 5 * 24 * HOUR),
    bidDeadline: new Date(now.getTime() + 7 * 24 * HOUR),
    deliveryDeadline: new Date(now.getTime() + 60 * 24 * HOUR),
    accuracyTarget: 98.5,
    samplingRule: { kind: 'gbt2828', aql: 1.5 },
    securityLevel: 'internal',
    containsPersonalInfo: false,
    workLocation: 'remote',
    requiredCertifications: ['iso27001'],
    minHeadcount: 50,
    requiresSecureRoom: false,
    tags: ['自动驾驶', '激光雷达'],
  };
}

/** A vendor organisation with an owner, verified for a year. */
export async function createVerifiedVendor(db: Db, opts: { name?: string } = {}): Promise<{ org: OrganisationRecord; owner: UserRow }> {
  const v = await createOrgWithOwner(db, 'vendor', opts);
  await organisations.setVerification(db, v.org.id, {
    status: 'verified', verifiedUntil: new Date(Date.now() + 365 * 24 * HOUR), reason: null,
  });
  return v;
}

/** An order already open for bids (published now) with complete terms; `bidDeadline` defaults to 7 days ahead. */
export async function createOpenOrder(
  db: Db,
  buyerOrgId: string,
  overrides: Partial<Omit<NewOrder, 'buyerOrgId'>> = {},
): Promise<OrderRow> {
  const id = await orders.create(db, {
    ...sampleOrderFields(),
    status: 'open',
    publishedAt: new Date(),
    ...overrides,
    buyerOrgId,
  });
  return (await orders.getById(db, id)) as OrderRow;
}

/** A valid offer for the sample order terms. */
export function sampleOffer(totalPriceFen = 80_000_000): BidOfferFields {
  return {
    totalPriceFen, unitPriceFen: 650, deliveryDays: 30, teamSize: 60, committedAccuracy: 99,
    proposal: '双人复核，每日抽检 5%', quoteLines: [{ item: '3D 框', quantity: 120_000, unitPriceFen: 650 }],
  };
}

/**
 * Moves an order's bid deadline to `ms` milliseconds from the database clock (negative: in the past),
 * pulling questionsCloseAt along so the deadlines stay in order; returns the new deadline.
 */
export async function setBidDeadlineFromNow(db: Db, orderId: string, ms: number): Promise<Date> {
  const [row] = await db<{ bidDeadline: Date }[]>`
    update orders set bid_deadline = c.d, questions_close_at = least(questions_close_at, c.d)
    from (select clock_timestamp() + ${ms} * interval '1 millisecond' as d) c
    where id = ${orderId}
    returning bid_deadline`;
  return (row as { bidDeadline: Date }).bidDeadline;
}

/** An agency to hang catalogue entries on: the first one the migration seeded, or a new one when there is none. */
export async function anyAgency(db: Db): Promise<AgencyRow> {
  const [first] = await agencies.list(db);
  return first ?? (await agencies.create(db, { name: `测试局 ${randomBytes(3).toString('hex')}`, shortName: null, nameEn: null, kind: 'government', county: null }, { userId: null, orgId: null }));
}

/** A unique resource code (LC-CS-<random>). */
export const randomCatalogueCode = (): string => `LC-CS-${randomBytes(4).toString('hex').toUpperCase()}`;

/** A complete catalogue entry of the education sector with a fresh code. */
export function sampleCatalogueFields(agencyId: string, overrides: Partial<CatalogueEntryFields> = {}): CatalogueEntryFields {
  return {
    code: randomCatalogueCode(),
    title: '中小学课堂教学视频',
    summary: '## 数据内容\n全市中小学公开课录像，含学科、年级标签。',
    agencyId,
    sector: 'education',
    modality: 'video',
    taskTypes: ['classification', 'transcription'],
    volume: { quantity: 12_000, unit: 'hours' },
    coverageFrom: '2021-09-01',
    coverageTo: '2025-07-15',
    updateFrequency: 'semiannual',
    sharingType: 'conditional',
    openType: 'conditional',
    dataLevel: 'general',
    containsPersonalInfo: true,
    accessConditions: '经脱敏处理后在联盟安全屋内标注',
    annotationStatus: 'pending',
    county: '371502',
    tags: ['课堂', '教学'],
    contact: { name: '王老师', phone: '0635-8888888', email: null },
    ...overrides,
  };
}

/** A catalogue entry in `status` (default published) with the sample fields; the platform as its author. */
export async function createCatalogueEntry(
  db: Db,
  opts: { status?: CatalogueStatus; fields?: Partial<CatalogueEntryFields> } = {},
): Promise<CatalogueEntryRow> {
  const agency = await anyAgency(db);
  return await catalogue.create(db, sampleCatalogueFields(agency.id, opts.fields), { userId: null, orgId: null }, { status: opts.status ?? 'published' });
}
/** A complete 办事指南 of a policy service (升规纳统 coaching), for tests. */
export function sampleServiceFields(overrides: Partial<ServiceVersionFields> = {}): ServiceVersionFields {
  return {
    name: '升规纳统申报辅导',
    category: 'above_size',
    summary: '帮助年营业收入已达规模但未入统的数据标注企业及时申报入统。',
    policyBasis: [{ documentNumber: '聊政办字〔2025〕19号', title: '聊城市促进数据标注产业高质量发展的若干措施', article: '第二条', excerpt: null }],
    agencies: ['市大数据局'],
    applicants: '年营业收入已达规模（限额）但未入统的数据标注企业',
    conditions: [{ type: 'org_kind', anyOf: ['vendor', 'buyer'] }, { type: 'above_designated_size', value: false }],
    freeConditions: ['年营业收入已达规模（限额）标准，以主管部门最新通知为准'],
    materials: [
      { id: 'm1', name: '营业执照复印件', form: 'copy', copies: 1, required: true, formats: ['pdf', 'jpg', 'png'], templateFileId: null, note: null },
      { id: 'm2', name: '上年度财务报表', form: 'original', copies: 1, required: true, formats: ['pdf', 'xlsx'], templateFileId: null, note: null },
      { id: 'm3', name: '社保缴纳证明', form: 'copy', copies: 1, required: false, formats: [], templateFileId: null, note: null },
    ],
    steps: ['企业提交申请', '秘书处受理并核对材料', '秘书处向统计部门报送', '统计部门审核入库'],
    timeLimitDays: 10,
    fee: '免费',
    contact: '联盟秘书处 0635-0000000',
    faq: [{ question: '什么是升规纳统？', answer: '指企业达到规模以上标准后纳入统计部门的统计范围。' }],
    ...overrides,
  };
}

/**
 * Ends an order's contract (made now from its active award if need be) as `outcome`, `agoMs` milliseconds before the
 * database clock: a completed contract gets an agreed version 1 of its terms, as the contract rules would have left it.
 * Returns the contract's id. For tests of what follows the end (reviews, track records).
 */
export async function endContract(db: Db, orderId: string, outcome: 'completed' | 'terminated', agoMs = 0): Promise<string> {
  const [made] = await db<{ id: string }[]>`
    insert into contracts (order_id, award_id, buyer_org_id, vendor_org_id, price_fen, volume_quantity, volume_unit,
                           accuracy_target, acceptance_rule, delivery_deadline)
    select o.id, a.id, o.buyer_org_id, b.vendor_org_id, b.total_price_fen, o.volume_quantity, o.volume_unit,
           o.accuracy_target, o.sampling_rule, o.delivery_deadline
    from orders o join awards a on a.order_id = o.id and a.cancelled_at is null join bids b on b.id = a.bid_id
    where o.id = ${orderId}
    on conflict (order_id) do update set updated_at = excluded.updated_at
    returning id`;
  if (!made) throw new Error(`order ${orderId} has no active award`);
  const hash = 'f'.repeat(64);
  if (outcome === 'completed') {
    await db`
      insert into contract_versions (contract_id, number, terms, terms_hash, status, buyer_accepted_at, buyer_accepted_hash,
                                     vendor_accepted_at, vendor_accepted_hash)
      values (${made.id}, 1, '{}'::jsonb, ${hash}, 'accepted', clock_timestamp(), ${hash}, clock_timestamp(), ${hash})
      on conflict do nothing`;
  }
  await db`
    update contracts set status = ${outcome}, current_version = ${outcome === 'completed' ? 1 : null},
           completed_at = ${outcome === 'completed' ? db`clock_timestamp() - ${agoMs} * interval '1 millisecond'` : null},
           terminated_at = ${outcome === 'terminated' ? db`clock_timestamp() - ${agoMs} * interval '1 millisecond'` : null}
    where id = ${made.id}`;
  if (outcome === 'completed') await db`update orders set status = 'completed' where id = ${orderId}`;
  return made.id;
}

/** Makes an organisation a current member of the alliance (the row an approved application leaves). */
export async function joinAlliance(db: Db, orgId: string, tier: 'council' | 'member' = 'member'): Promise<void> {
  await db`
    insert into alliance_memberships (org_id, status, tier, member_no, joined_on, decided_at)
    values (${orgId}, 'member', ${tier}, nextval('alliance_member_no_seq'), current_date, clock_timestamp())
    on conflict (org_id) do update set status = 'member', member_no = coalesce(alliance_memberships.member_no, excluded.member_no),
      joined_on = coalesce(alliance_memberships.joined_on, excluded.joined_on), reason = null`;
}

let fixtureQuarter = 0;
/**
 * Opens a statistics period for a quarter no other fixture took (1900Q1, 1900Q2, … — the quarter is a period's key),
 * due in `dueInDays`, and adds `filers` to it as annotation firms whatever their memberships.
 */
export async function openStatisticsPeriod(db: Db, filers: readonly string[] = [], dueInDays = 30): Promise<{ id: string; quarter: string }> {
  const n = fixtureQuarter++;
  const q = { year: 1900 + Math.floor(n / 4), q: ((n % 4) + 1) as 1 | 2 | 3 | 4 };
  const quarter = formatQuarter(q);
  const [p] = await db<{ id: string }[]>`
    insert into statistics_periods (quarter, quarter_end, due_on)
    values (${quarter}, ${quarterEnd(q)}, current_date + ${dueInDays}::int)
    returning id`;
  const id = (p as { id: string }).id;
  for (const orgId of filers) await db`insert into statistics_filers (period_id, org_id, filer_kind) values (${id}, ${orgId}, 'annotation_firm')`;
  return { id, quarter };
}
