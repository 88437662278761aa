import { randomInt } from 'node:crypto';
import { hashPassword } from '@annex/auth';
import { audit, organisations, type Sql, users, withTransaction } from '@annex/db';
import {
  type CapabilityProfile, COUNTIES, type CountyCode, defaultVerifiedUntil, type OrgKind, usccCheckCharacter, type Verification,
} from '@annex/domain';
import type { AppConfig } from '../app-config.ts';
import type { FileStorage } from '../lib/storage.ts';
import { createDeps } from '../use-cases/context.ts';
import { writeDemoAlliance } from './demo-alliance.ts';
import { writeDemoAllianceNews } from './demo-alliance-news.ts';
import { writeDemoStatistics } from './demo-statistics.ts';
import { writeDemoContracts } from './demo-contracts.ts';
import { writeDemoCuration } from './demo-curation.ts';
import { type DemoPerson, writeDemoHistory } from './demo-history.ts';
import { DEMO_ORDER_ENTRIES, seedDemoCatalogue } from './demo-catalogue.ts';
import { demoOrders } from './demo-orders.ts';
import { writeDemoPolicy } from './demo-policy-cases.ts';
import { DEMO_WEBHOOK, deliverDemoWebhooks, subscribeDemoWebhook } from './demo-webhooks.ts';
import { seedWorkingCalendar } from '../lib/holiday-library.ts';

/** The demo secretariat account; its presence means the demo market is seeded. */
export const DEMO_ADMIN_EMAIL = 'admin@annex.local';

/**
 * A valid USCC for a made-up firm: 91 (enterprise; 12 for a public institution such as a college) + the division code + a 9-character body + the
 * GB 32100-2015 check character. Bodies are invented; never use a real company's code for a fake firm.
 */
export function demoUscc(division: string, body: string, prefix = '91'): string {
  const first17 = `${prefix}${division}${body}`;
  return first17 + usccCheckCharacter(first17);
}

type DemoOrg = {
  kind: OrgKind;
  name: string;
  uscc: string | null;
  contactName: string;
  contactPhone: string;
  county?: CountyCode;
  verification?: 'verified' | 'pending';
  capabilities?: CapabilityProfile;
  user: { email: string; displayName: string };
};

const DEMO_ORGS: DemoOrg[] = [
  {
    kind: 'secretariat',
    name: '聊城市数据标注产业联盟秘书处',
    uscc: null,
    contactName: '刘静',
    contactPhone: '0635-8210000',
    user: { email: DEMO_ADMIN_EMAIL, displayName: '秘书处管理员' },
  },
  {
    kind: 'buyer',
    name: '北京星衡智驾科技有限公司',
    uscc: demoUscc('110108', 'MA7H3KX2Q'),
    contactName: '周一帆',
    contactPhone: '13810000001',
    user: { email: 'buyer.xingheng@annex.local', displayName: '周一帆' },
  },
  {
    kind: 'buyer',
    name: '杭州言川大模型科技有限公司',
    uscc: demoUscc('330106', 'MA8D2LN5W'),
    contactName: '陈思远',
    contactPhone: '13910000002',
    user: { email: 'buyer.yanchuan@annex.local', displayName: '陈思远' },
  },
  {
    kind: 'vendor',
    name: '聊城水城数标信息技术有限公司',
    uscc: demoUscc('371502', 'MA3C4K7R1'),
    contactName: '王海涛',
    contactPhone: '0635-8330001',
    county: '371502',
    verification: 'verified',
    capabilities: {
      modalities: ['image', 'video', 'point_cloud'],
      taskTypes: ['bbox', 'polygon', 'semantic_segmentation', 'cuboid_3d', 'tracking', 'lane_marking'],
      headcount: 320,
      dailyCapacity: { bbox: 60000, polygon: 15000, semantic_segmentation: 4000, cuboid_3d: 8000, tracking: 20000, lane_marking: 12000 },
      certifications: [
        { name: 'iso27001', expiresOn: '2027-06-30' },
        { name: 'iso9001', expiresOn: '2027-03-31' },
        { name: 'dcmm', expiresOn: '2028-01-15' },
      ],
      secureRoom: true,
      tools: ['cvat', 'in_house'],
      yearsActive: 6,
      revenueBand: '20m_50m',
      aboveDesignatedSize: true,
    },
    user: { email: 'vendor.shuicheng@annex.local', displayName: '王海涛' },
  },
  {
    kind: 'vendor',
    name: '临清运河智能数据服务有限公司',
    uscc: demoUscc('371581', 'MA94TUB8E'),
    contactName: '李晓梅',
    contactPhone: '13706350003',
    county: '371581',
    verification: 'verified',
    capabilities: {
      modalities: ['text', 'audio'],
      taskTypes: ['ner', 'relation', 'classification', 'sentiment', 'transcription', 'speaker_diarization'],
      headcount: 140,
      dailyCapacity: { ner: 30000, relation: 12000, classification: 80000, sentiment: 50000, transcription: 300, speaker_diarization: 200 },
      certifications: [{ name: 'iso9001', expiresOn: '2026-12-31' }],
      secureRoom: false,
      tools: ['labelstudio', 'doccano'],
      yearsActive: 4,
      revenueBand: '5m_20m',
      aboveDesignatedSize: false,
    },
    user: { email: 'vendor.yunhe@annex.local', displayName: '李晓梅' },
  },
  {
    kind: 'vendor',
    name: '冠县启明数据标注有限公司',
    uscc: demoUscc('371525', 'MAC1NP6Y3'),
    contactName: '赵磊',
    contactPhone: '15806350004',
    county: '371525',
    verification: 'pending',
    capabilities: {
      modalities: ['image', 'text'],
      taskTypes: ['bbox', 'classification', 'ocr'],
      headcount: 45,
      dailyCapacity: { bbox: 8000, classification: 20000, ocr: 5000 },
      certifications: [],
      secureRoom: false,
      tools: ['labelme', 'labelstudio'],
      yearsActive: 1,
      revenueBand: 'lt1m',
      aboveDesignatedSize: false,
    },
    user: { email: 'vendor.qiming@annex.local', displayName: '赵磊' },
  },
  {
    kind: 'vendor',
    name: '聊城慧眼人工智能科技有限公司',
    uscc: demoUscc('371572', 'MA5R8WQ2K'),
    contactName: '孙婧',
    contactPhone: '0635-8660005',
    county: '371572',
    verification: 'verified',
    capabilities: {
      modalities: ['multimodal', 'text', 'image'],
      taskTypes: ['sft_dialogue', 'rlhf_ranking', 'keypoint', 'instance_segmentation', 'classification'],
      headcount: 210,
      dailyCapacity: { sft_dialogue: 1500, rlhf_ranking: 6000, keypoint: 10000, instance_segmentation: 3000, classification: 40000 },
      certifications: [
        { name: 'iso27001', expiresOn: '2027-09-30' },
        { name: 'mlps3', expiresOn: '2026-11-30' },
        { name: 'dcmm', expiresOn: '2027-05-31' },
      ],
      secureRoom: true,
      tools: ['labelstudio', 'in_house'],
      yearsActive: 3,
      revenueBand: '5m_20m',
      aboveDesignatedSize: true,
    },
    user: { email: 'vendor.huiyan@annex.local', displayName: '孙婧' },
  },
  {
    kind: 'vendor',
    name: '阳谷景阳冈数据科技有限公司',
    uscc: demoUscc('371521', 'MA7KD3P9X'),
    contactName: '马文博',
    contactPhone: '0635-6120006',
    county: '371521',
    verification: 'verified',
    capabilities: {
      modalities: ['image', 'video', 'text'],
      taskTypes: ['bbox', 'polygon', 'semantic_segmentation', 'tracking', 'ocr', 'classification', 'sentiment', 'ner'],
      headcount: 150,
      dailyCapacity: { bbox: 30000, polygon: 6000, semantic_segmentation: 1500, tracking: 8000, ocr: 10000, classification: 50000, sentiment: 40000, ner: 15000 },
      certifications: [
        { name: 'iso9001', expiresOn: '2028-03-31' },
        { name: 'iso27001', expiresOn: '2027-10-31' },
      ],
      secureRoom: false,
      tools: ['cvat', 'labelstudio'],
      yearsActive: 2,
      revenueBand: '1m_5m',
      aboveDesignatedSize: false,
    },
    user: { email: 'vendor.jingyanggang@annex.local', displayName: '马文博' },
  },
  {
    kind: 'training_institution',
    name: '聊城职业技术学院',
    uscc: demoUscc('371500', '4955XK02R', '12'),
    contactName: '郭振华',
    contactPhone: '0635-8380007',
    county: '371502',
    user: { email: 'school.lcvtc@annex.local', displayName: '郭振华' },
  },
  {
    kind: 'base_operator',
    name: '聊城东昌数标产业园运营管理有限公司',
    uscc: demoUscc('371502', 'MADB6T4H8'),
    contactName: '韩雪',
    contactPhone: '0635-8290008',
    county: '371502',
    user: { email: 'base.dongchang@annex.local', displayName: '韩雪' },
  },
];

/** A demo password: 3 groups of 4 unambiguous characters, e.g. `Annex-k7mq-x3tp-9hwd`. */
export function generateDemoPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const group = () => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return `Annex-${group()}-${group()}-${group()}`;
}

/** One seeded account for the start-up banner. */
export type DemoAccount = { email: string; kind: OrgKind; organisation: string; note: string };

const countyName = (code: string) => COUNTIES.find((c) => c.code === code)?.zh ?? code;

/** What the seeded demo market holds besides its accounts: its orders' ids, as `DEMO_ORDER_STATES` describes them. */
export type SeedResult =
  | { created: false }
  | { created: true; password: string; accounts: DemoAccount[]; orderIds: string[]; policyCaseIds: string[] };

/**
 * Seeds the demo market in one transaction: the secretariat, two buyers, five vendors (four verified, one pending), a
 * college and an industrial park's operator; the public-data catalogue with vendors' interest (demo-catalogue.ts) and
 * eleven orders with their history, in every state of the auction and the contract (demo-orders.ts,
 * demo-contracts.ts), two of them started from catalogue entries; the policy services of the city's measures, the
 * firms' eligibility facts and cases in several states (demo-policy-*.ts), one featured listing of each kind for the
 * home page (demo-curation.ts); the alliance's members of every kind (one suspended, one application waiting) and two
 * industrial bases (demo-alliance.ts), its announcements and events, one full with a waitlist and one past
 * (demo-alliance-news.ts), and the members' statistics of the last four quarters (demo-statistics.ts). Does nothing when the demo secretariat account exists. All accounts share one generated
 * password, returned only here. The demo cases' files go to `storage` (default: the files of `config.dataDir`, as the
 * API keeps them).
 */
export async function seedDemoMarket(sql: Sql, config: AppConfig, now = new Date(), storage?: FileStorage): Promise<SeedResult> {
  if (await users.findByEmail(sql, DEMO_ADMIN_EMAIL)) return { created: false };
  const password = generateDemoPassword();
  const hashes = await Promise.all(DEMO_ORGS.map(() => hashPassword(password)));
  // the seed needs no search: the orders reach the index through the outbox, like every other write
  const deps = createDeps({ sql, config, search: null, storage });
  return await withTransaction(sql, async (tx) => {
    // checked again inside the transaction: two seeds at once must not both insert
    if (await users.findByEmail(tx, DEMO_ADMIN_EMAIL)) return { created: false } as const;
    const accounts: DemoAccount[] = [];
    const people = new Map<string, DemoPerson>();
    let adminId: string | null = null;
    for (const [i, o] of DEMO_ORGS.entries()) {
      const org = await organisations.create(tx, {
        kind: o.kind, name: o.name, uscc: o.uscc, contactName: o.contactName, contactPhone: o.contactPhone,
        county: o.county ?? null, capabilities: o.capabilities,
      });
      const user = await users.create(tx, { email: o.user.email, passwordHash: hashes[i]!, displayName: o.user.displayName });
      await organisations.addMember(tx, { userId: user.id, orgId: org.id, role: 'owner' });
      adminId ??= user.id;
      await audit.append(tx, { entityType: 'organisation', entityId: org.id, action: 'seeded', after: { kind: o.kind, name: o.name } });
      let note = '';
      let verification: Verification | null = null;
      if (o.county && o.kind !== 'vendor') note = countyName(o.county);
      if (o.kind === 'vendor') {
        note = `${countyName(o.county!)}, ${o.verification === 'verified' ? 'verified' : 'awaiting verification'}`;
        verification = { status: 'pending', verifiedUntil: null, reason: null };
        if (o.verification === 'verified') {
          verification = { status: 'verified', verifiedUntil: defaultVerifiedUntil(now), reason: null };
          await organisations.setVerification(tx, org.id, verification);
          await audit.append(tx, {
            actorUserId: adminId, entityType: 'organisation', entityId: org.id, action: 'verification.approve',
            before: { status: 'pending' }, after: verification,
          });
        }
      }
      people.set(o.user.email, {
        userId: user.id, email: o.user.email, displayName: o.user.displayName, orgId: org.id, orgName: o.name, kind: o.kind,
        verification, capabilities: o.capabilities ?? null,
      });
      accounts.push({ email: o.user.email, kind: o.kind, organisation: o.name, note });
    }
    // the catalogue before the orders: two demo orders were started from its entries
    const secretariat = [...people.values()].find((p) => p.kind === 'secretariat')!;
    const entries = await seedDemoCatalogue(tx, { userId: secretariat.userId, orgId: secretariat.orgId, requestId: 'demo-seed' }, (email) => {
      const p = people.get(email);
      if (!p) throw new Error(`demo catalogue: nobody with the e-mail ${email}`);
      return p;
    });
    const stories = demoOrders(now).map((s) => {
      const code = DEMO_ORDER_ENTRIES[s.terms.title];
      return code ? { ...s, terms: { ...s.terms, catalogueEntryId: entries.get(code)!.id } } : s;
    });
    // the case clocks and the batches' review windows read the working calendar
    await seedWorkingCalendar(tx, now);
    const orderIds = await writeDemoHistory(tx, deps, people, stories, now);
    // a buyer's pipeline subscribed before the contracts, so their events are its deliveries
    await subscribeDemoWebhook(tx, people.get(DEMO_WEBHOOK.owner)!);
    await writeDemoContracts(tx, deps, (email) => people.get(email)!, stories, orderIds);
    await deliverDemoWebhooks(tx);
    const policyCaseIds = await writeDemoPolicy(tx, deps, people, now);
    // the secretariat's featured listings, for the home page's strip
    await writeDemoCuration(tx, deps, secretariat);
    // the members before the news: an announcement for members tells the members there are
    await writeDemoAlliance(tx, people, now);
    await writeDemoAllianceNews(tx, people, now);
    // the members' quarterly statistics of the past year (the KPI dashboard's trend)
    await writeDemoStatistics(tx, people, now);
    return { created: true, password, accounts, orderIds, policyCaseIds } as const;
  });
}

const KIND_LABEL: Record<OrgKind, string> = {
  secretariat: '秘书处 secretariat', buyer: '需求方 buyer', vendor: '服务商 vendor', training_institution: '培训机构 training institution',
  base_operator: '园区运营方 base operator',
};

/** Prints the demo accounts and their password: the only time the password is shown. */
export function printDemoAccounts(seeded: Extract<SeedResult, { created: true }>): void {
  const width = Math.max(...seeded.accounts.map((a) => a.email.length));
  const kindWidth = Math.max(...seeded.accounts.map((a) => KIND_LABEL[a.kind].length));
  console.log('');
  console.log('Demo market seeded. Demo accounts (shown once; the password is stored only as a hash):');
  for (const a of seeded.accounts) {
    console.log(`  ${a.email.padEnd(width)}  ${KIND_LABEL[a.kind].padEnd(kindWidth)}  ${a.organisation}${a.note ? ` (${a.note})` : ''}`);
  }
  console.log(`  password for every demo account: ${seeded.password}`);
  console.log('');
}
