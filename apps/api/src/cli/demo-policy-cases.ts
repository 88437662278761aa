import { createHash } from 'node:crypto';
import { type OrganisationFacts, type Tx, history, organisations, policyCases, policyServices } from '@annex/db';
import {
  type CaseAction, type CaseRole, type CaseStatus, type MaterialAction, type MaterialStatus, applyCaseAction, applyMaterialAction, stampOf,
} from '@annex/domain';
import { newStorageKey } from '../lib/storage.ts';
import type { Deps } from '../use-cases/context.ts';
import { type Notice, notify, toOrgs } from '../use-cases/notify.ts';
import type { DemoPerson } from './demo-history.ts';
import { DEMO_SERVICES } from './demo-policy-services.ts';

// The demo's policy services (published by the secretariat a month ago), the facts the demo firms told about
// themselves, and cases in several states — each step checked against the domain's rules and written at its time.

const DAY = 86_400_000;

/** What the demo firms told about themselves (启明 and 言川 told nothing: they see what is missing). */
const DEMO_FACTS: Record<string, Omit<OrganisationFacts, 'updatedAt'>> = {
  'vendor.shuicheng@annex.local': {
    foundedOn: '2019-04-18', revenueBand: '20m_50m', aboveDesignatedSize: false, highTechCertificate: false, highTechValidUntil: null,
    practitioners: 320, localPractitioners: 301,
  },
  'vendor.yunhe@annex.local': {
    foundedOn: '2020-09-01', revenueBand: '5m_20m', aboveDesignatedSize: false, highTechCertificate: true, highTechValidUntil: '2027-11-30',
    practitioners: 180, localPractitioners: 172,
  },
  'vendor.huiyan@annex.local': {
    foundedOn: '2025-03-01', revenueBand: '1m_5m', aboveDesignatedSize: false, highTechCertificate: false, highTechValidUntil: null,
    practitioners: 60, localPractitioners: 58,
  },
  // its certificate ran out in August: 高企 counts as not held
  'vendor.jingyanggang@annex.local': {
    foundedOn: '2018-06-01', revenueBand: '20m_50m', aboveDesignatedSize: true, highTechCertificate: true, highTechValidUntil: '2026-08-31',
    practitioners: 150, localPractitioners: 149,
  },
  'buyer.xingheng@annex.local': {
    foundedOn: '2017-05-20', revenueBand: 'gte50m', aboveDesignatedSize: true, highTechCertificate: true, highTechValidUntil: '2028-12-31',
    practitioners: 45, localPractitioners: 0,
  },
};

/** A step of a demo case, `days` before now. */
type DemoStep =
  | { days: number; action: CaseAction }
  | { days: number; upload: string; file: string }
  | { days: number; review: string; correction?: string }
  | { days: number; message: string; by: CaseRole };

/** A demo case: whose, for which service, and what happened to it. */
type DemoCase = { firm: string; service: string; note: string; days: number; steps: DemoStep[] };

/** The demo cases, one in each state worth seeing. */
export const DEMO_CASES: DemoCase[] = [
  {
    // collecting materials: the annual report needs a correction
    firm: 'vendor.shuicheng@annex.local', service: 'above-size-statistics', days: 9,
    note: '我司上年度营业收入已超过 2000 万元，但尚未纳入统计，请协助申报入统。',
    steps: [
      { days: 8.8, action: { type: 'accept' } },
      { days: 8.7, action: { type: 'request_materials' } },
      { days: 8.7, message: '已受理，请按材料清单上传营业执照、上年度财务报表和社保缴纳证明。', by: 'secretariat' },
      { days: 7, upload: 'm1', file: '营业执照副本.pdf' },
      { days: 7, upload: 'm2', file: '2025年度财务报表.pdf' },
      { days: 7, upload: 'm3', file: '从业人员名册及社保证明.pdf' },
      { days: 6, review: 'm1' },
      { days: 6, review: 'm2', correction: '财务报表缺少利润表，且未加盖公章，请补充后重新上传。' },
      { days: 6, review: 'm3' },
      { days: 5, message: '利润表正在补盖公章，明天上传。', by: 'firm' },
    ],
  },
  {
    // overdue: accepted long ago, a required material still missing
    firm: 'vendor.yunhe@annex.local', service: 'compute-voucher', days: 40,
    note: '我司采购了云端算力用于标注平台的预标注模型，申请省级算力券。',
    steps: [
      { days: 38, action: { type: 'accept' } },
      { days: 38, action: { type: 'request_materials' } },
      { days: 35, upload: 'm1', file: '营业执照.pdf' },
      { days: 35, upload: 'm2', file: '算力服务合同.pdf' },
      { days: 33, review: 'm1' },
      { days: 33, review: 'm2' },
      { days: 20, message: '请尽快上传付款凭证，材料齐全后即可报送。', by: 'secretariat' },
    ],
  },
  {
    // filed with the agency, waiting for its decision
    firm: 'vendor.yunhe@annex.local', service: 'rd-super-deduction', days: 21,
    note: '我司自研的点云辅助标注工具有研发投入，希望辅导研发费用加计扣除。',
    steps: [
      { days: 20, action: { type: 'accept' } },
      { days: 18, upload: 'm1', file: '研发项目立项书.pdf' },
      { days: 18, upload: 'm2', file: '研发费用辅助账.pdf' },
      { days: 16, review: 'm1' },
      { days: 16, review: 'm2' },
      { days: 15, action: { type: 'file' } },
    ],
  },
  {
    // approved and closed
    firm: 'vendor.jingyanggang@annex.local', service: 'skills-certification-subsidy', days: 60,
    note: '我司 42 名标注员拟参加数据标注员职业技能等级认定，请协助申领补贴。',
    steps: [
      { days: 59, action: { type: 'accept' } },
      { days: 57, upload: 'm1', file: '营业执照.pdf' },
      { days: 57, upload: 'm2', file: '参评人员名单.pdf' },
      { days: 56, review: 'm1' },
      { days: 56, review: 'm2' },
      { days: 55, action: { type: 'file' } },
      { days: 30, action: { type: 'approve' } },
      { days: 30, message: '主管部门已审核通过，请留意补贴到账情况。', by: 'secretariat' },
      { days: 29, action: { type: 'close' } },
    ],
  },
  {
    // withdrawn by the firm before filing
    firm: 'vendor.jingyanggang@annex.local', service: 'industry-fund-pool', days: 14,
    note: '计划扩建安全标注室，需要资金支持。',
    steps: [
      { days: 13, action: { type: 'accept' } },
      { days: 10, action: { type: 'withdraw', reason: '已通过银行贷款解决，暂不需要。' } },
    ],
  },
  // new, waiting in the secretariat's queue
  { firm: 'vendor.huiyan@annex.local', service: 'data-security-compliance', days: 1, note: '承接医疗影像标注，需要完善数据安全制度。', steps: [] },
  // accepted, the clock running
  {
    firm: 'buyer.xingheng@annex.local', service: 'alliance-membership', days: 3, note: '我司希望加入联盟，对接聊城本地标注企业。',
    steps: [{ days: 2, action: { type: 'accept' } }],
  },
];

// a one-page PDF, for the demo's uploaded materials
const DEMO_PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`demo policy: ${what}`);
}

/**
 * Writes the demo's policy services (published), the firms' facts and the demo cases in `tx`, every step checked
 * against the domain's rules at its time. Returns the cases' ids in the order of DEMO_CASES.
 */
export async function writeDemoPolicy(tx: Tx, deps: Deps, people: Map<string, DemoPerson>, now: Date): Promise<string[]> {
  const at = (days: number) => new Date(now.getTime() - days * DAY);
  const secretariat = [...people.values()].find((p) => p.kind === 'secretariat')!;
  const published = at(30);
  const services = new Map<string, { id: string; version: number }>();
  for (const s of DEMO_SERVICES) {
    const row = await policyServices.create(tx, { code: s.code, fields: s.fields, effectiveFrom: published.toISOString().slice(0, 10), createdBy: secretariat.userId });
    await policyServices.setStatus(tx, row.id, ['draft'], 'published');
    await history.audit(tx, {
      at: published, actorUserId: secretariat.userId, actorOrgId: secretariat.orgId, entityType: 'policy_service', entityId: row.id,
      action: 'service.published', after: { code: s.code, name: s.fields.name, status: 'published' },
    });
    services.set(s.code, { id: row.id, version: row.currentVersion });
  }
  for (const [email, facts] of Object.entries(DEMO_FACTS)) {
    const p = people.get(email);
    if (p) await organisations.setFacts(tx, p.orgId, facts);
  }

  const ids: string[] = [];
  for (const d of DEMO_CASES) {
    const firm = people.get(d.firm);
    const service = services.get(d.service);
    const spec = DEMO_SERVICES.find((s) => s.code === d.service);
    check(Boolean(firm && service && spec), `unknown firm or service in ${d.firm} / ${d.service}`);
    const c = await policyCases.open(tx, {
      serviceId: service!.id, serviceVersion: service!.version, orgId: firm!.orgId, openedBy: firm!.userId, note: d.note,
      materials: spec!.fields.materials.map((m) => ({ materialId: m.id, name: m.name, required: m.required })),
    });
    ids.push(c.id);
    const payload = { caseId: c.id, serviceName: spec!.fields.name, orgName: firm!.orgName };
    const record = async (days: number, by: DemoPerson, action: string, e: { before?: unknown; after?: unknown }, notices: Notice[]) => {
      await history.audit(tx, { at: at(days), actorUserId: by.userId, actorOrgId: by.orgId, entityType: 'policy_case', entityId: c.id, action, ...e });
      await notify(tx, notices, at(days));
    };
    await record(d.days, firm!, 'case.opened', { after: { status: 'submitted', serviceVersion: service!.version } },
      toOrgs([secretariat.orgId], { kind: 'policy_case_opened', orderId: null, payload }));

    let status: CaseStatus = 'submitted';
    const stamps: Partial<Record<'acceptedAt' | 'filedAt' | 'decidedAt' | 'closedAt', Date>> = {};
    let reasons: { reject: string | null; withdraw: string | null } = { reject: null, withdraw: null };
    const materials = new Map(spec!.fields.materials.map((m) => [m.id, {
      name: m.name, required: m.required, status: 'missing' as MaterialStatus, reason: null as string | null, reviewedAt: null as Date | null,
      updatedAt: at(d.days),
    }]));
    const states = () => [...materials].map(([materialId, m]) => ({ materialId, required: m.required, status: m.status }));
    for (const s of d.steps) {
      if ('action' in s) {
        const role: CaseRole = s.action.type === 'withdraw' ? 'firm' : 'secretariat';
        const next = applyCaseAction({ status, orgId: firm!.orgId }, s.action, role, states());
        check(next.ok, `${d.service}: ${s.action.type} from ${status}`);
        if (!next.ok) continue;
        const stamp = stampOf(next.value);
        if (stamp) stamps[stamp] = at(s.days);
        const reason = 'reason' in s.action ? (s.action.reason ?? null) : null;
        if (s.action.type === 'withdraw') reasons = { ...reasons, withdraw: reason };
        if (s.action.type === 'reject') reasons = { ...reasons, reject: reason };
        const by = role === 'firm' ? firm! : secretariat;
        await record(s.days, by, `case.${{ accept: 'accepted', request_materials: 'materials_requested', file: 'filed', approve: 'approved', reject: 'rejected', close: 'closed', withdraw: 'withdrawn' }[s.action.type]}`,
          { before: { status }, after: { status: next.value, ...(reason ? { reason } : {}) } },
          toOrgs([role === 'firm' ? secretariat.orgId : firm!.orgId], { kind: 'policy_case_status', orderId: null, payload: { ...payload, status: next.value, reason } }));
        status = next.value;
      } else if ('upload' in s || 'review' in s) {
        const id = 'upload' in s ? s.upload : s.review;
        const m = materials.get(id);
        check(m !== undefined, `${d.service}: no material ${id}`);
        const action: MaterialAction = 'upload' in s ? { type: 'upload' } : s.correction ? { type: 'request_correction', reason: s.correction } : { type: 'accept' };
        const next = applyMaterialAction(m!.status, action);
        check(next.ok, `${d.service}: ${action.type} of ${id} from ${m!.status}`);
        if (!next.ok) continue;
        if ('upload' in s) {
          const storageKey = newStorageKey();
          await deps.storage.put(storageKey, DEMO_PDF);
          await history.caseFile(tx, {
            caseId: c.id, materialId: id, fileName: s.file, contentType: 'application/pdf', sizeBytes: DEMO_PDF.byteLength,
            sha256: createHash('sha256').update(DEMO_PDF).digest('hex'), storageKey, uploadedBy: firm!.userId, at: at(s.days),
          });
          await record(s.days, firm!, 'material.uploaded', { before: { material: m!.name, materialStatus: m!.status }, after: { material: m!.name, materialStatus: next.value, fileName: s.file } },
            toOrgs([secretariat.orgId], { kind: 'policy_material_uploaded', orderId: null, payload: { ...payload, materialName: m!.name } }));
        } else {
          const reason = s.correction ?? null;
          await record(s.days, secretariat, next.value === 'accepted' ? 'material.accepted' : 'material.needs_correction',
            { before: { material: m!.name, materialStatus: m!.status }, after: { material: m!.name, materialStatus: next.value, ...(reason ? { reason } : {}) } },
            toOrgs([firm!.orgId], { kind: 'policy_material_reviewed', orderId: null, payload: { ...payload, materialName: m!.name, materialStatus: next.value, reason } }));
          m!.reason = reason;
          m!.reviewedAt = at(s.days);
        }
        m!.status = next.value;
        m!.updatedAt = at(s.days);
      } else {
        const by = s.by === 'firm' ? firm! : secretariat;
        await history.caseMessage(tx, { caseId: c.id, authorUserId: by.userId, authorOrgId: by.orgId, fromSecretariat: s.by === 'secretariat', body: s.message, at: at(s.days) });
        await notify(tx, toOrgs([s.by === 'firm' ? secretariat.orgId : firm!.orgId], {
          kind: 'policy_case_message', orderId: null, payload: { ...payload, fromSecretariat: s.by === 'secretariat' },
        }), at(s.days));
      }
    }
    const last = d.steps.at(-1)?.days ?? d.days;
    await history.policyCase(tx, c.id, {
      status, createdAt: at(d.days), updatedAt: at(last), acceptedAt: stamps.acceptedAt ?? null, filedAt: stamps.filedAt ?? null,
      decidedAt: stamps.decidedAt ?? null, closedAt: stamps.closedAt ?? null, rejectReason: reasons.reject, withdrawReason: reasons.withdraw,
    });
    for (const [id, m] of materials) {
      await history.caseMaterial(tx, c.id, id, {
        status: m.status, reviewReason: m.reason, reviewedBy: m.reviewedAt ? secretariat.userId : null, reviewedAt: m.reviewedAt, updatedAt: m.updatedAt,
      });
    }
  }
  return ids;
}
