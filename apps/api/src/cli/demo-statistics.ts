import { type ReportRow, type Tx, history, statistics } from '@annex/db';
import {
  type FilerKind, type FilingReminderKind, REMINDER_DAYS_BEFORE_DUE, type ReportFigures, addQuarters, applyPeriodAction, checkFiling, checkPeriodOpening,
  checkReport, dueFilingReminders, dueMoment, formatQuarter, quarterEnd, quarterOfInstant,
} from '@annex/domain';
import { notify, toOrgs } from '../use-cases/notify.ts';
import { figuresOf } from '../use-cases/statistics/presenters.ts';
import { demoMemberOrgIds } from './demo-alliance.ts';
import type { DemoPerson } from './demo-history.ts';

// The demo's quarterly member statistics (统计填报): the last four quarters that have ended, each opened by the
// secretariat three days after its end and due seventeen days later; the member firms and the college file (some
// late, after the reminder), 水城 corrects one report with a reason, 运河 has not filed the latest quarter yet; the
// three older periods are closed, the latest is open. Each step is checked by the domain's rules at its own time
// and written, audited and told as the use cases (use-cases/statistics) write them — so the KPI dashboard shows a
// year of trend at first start.

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Days after its quarter's end that a period opens, and is due. */
const OPENS_AFTER_DAYS = 3;
const DUE_AFTER_DAYS = 20;
/** Days after its quarter's end that an older period is closed. */
const CLOSES_AFTER_DAYS = 35;

const yuan = (n: number) => n * 100;
/** An annotation firm's figures: people at quarter end (in Liaocheng, local), revenue and annotation revenue in 元, training, 规上. */
const firm = (
  practitioners: number, inCity: number, local: number, revenue: number, annotation: number, preJob: number | null, certified: number | null, above: boolean,
): ReportFigures => ({
  practitioners, practitionersInCity: inCity, localPractitioners: local, revenueFen: yuan(revenue), annotationRevenueFen: yuan(annotation),
  trainedPreJob: preJob, trainedCertified: certified, aboveDesignatedSize: above,
});
/** A training institution's figures: people trained (pre-job, certified); it reports no workforce or revenue of its own. */
const school = (preJob: number, certified: number): ReportFigures => ({
  practitioners: null, practitionersInCity: null, localPractitioners: null, revenueFen: null, annotationRevenueFen: null,
  trainedPreJob: preJob, trainedCertified: certified, aboveDesignatedSize: null,
});

/**
 * Each member's reports of the four quarters, oldest first, and the day after its period opened that it filed
 * (the due date is day 17: later is late; null: not a member then, or not filed). A filing day still ahead of now is
 * not filed yet.
 */
const FILINGS: Record<string, { figures: (ReportFigures | null)[]; filedOnDay: (number | null)[] }> = {
  'vendor.shuicheng@annex.local': {
    figures: [
      firm(320, 300, 246, 9_200_000, 8_400_000, 40, 12, true), firm(335, 316, 262, 8_600_000, 7_900_000, 25, 10, true),
      firm(352, 334, 280, 10_400_000, 9_600_000, 36, 15, true), firm(368, 350, 298, 11_200_000, 10_300_000, 30, 18, true),
    ],
    filedOnDay: [5, 6, 4, 3],
  },
  'vendor.huiyan@annex.local': {
    figures: [
      firm(150, 138, 104, 4_100_000, 3_700_000, 20, null, false), firm(172, 160, 122, 4_600_000, 4_200_000, 26, 6, false),
      firm(205, 192, 150, 6_000_000, 5_500_000, 30, 8, true), firm(226, 214, 170, 6_800_000, 6_300_000, 22, 10, true),
    ],
    filedOnDay: [9, 12, 10, 8],
  },
  'vendor.yunhe@annex.local': {
    figures: [
      firm(78, 74, 66, 1_500_000, 1_350_000, null, null, false), firm(84, 80, 71, 1_620_000, 1_480_000, null, null, false),
      firm(92, 88, 79, 1_900_000, 1_760_000, 12, null, false), firm(98, 95, 86, 2_050_000, 1_900_000, null, null, false),
    ],
    // late in the second quarter (after the overdue reminder); the latest not filed yet
    filedOnDay: [15, 21, 14, null],
  },
  'vendor.jingyanggang@annex.local': {
    figures: [null, null, firm(42, 42, 39, 640_000, 600_000, 8, null, false), firm(50, 50, 46, 780_000, 730_000, 10, null, false)],
    // joined the alliance in the spring: files from the second quarter of 2026 on, late the first time
    filedOnDay: [null, null, 19, 16],
  },
  'school.lcvtc@annex.local': {
    figures: [school(110, 28), school(85, 20), school(150, 46), school(176, 58)],
    filedOnDay: [11, 13, 16, 12],
  },
};

/** 水城's correction of its third report: revenue of accepted projects booked late, with the reason. */
const CORRECTION = {
  email: 'vendor.shuicheng@annex.local', quarterIndex: 2, onDay: 24,
  figures: firm(352, 334, 280, 10_950_000, 10_150_000, 36, 15, true),
  reason: '补录 6 月已验收的点云标注项目收入 55 万元，按审定的季度财务报表更正营业收入和标注业务收入。',
};

/** The demo's periods and filings, for the seed test. */
export const DEMO_STATISTICS = { filings: FILINGS, correction: CORRECTION, quarters: 4, opensAfterDays: OPENS_AFTER_DAYS, dueAfterDays: DUE_AFTER_DAYS } as const;

const isoPlus = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
/** `hour`:00 Beijing time on the day `days` after the ISO date. */
const beijingAt = (iso: string, days: number, hour: number) => new Date(`${isoPlus(iso, days)}T${String(hour).padStart(2, '0')}:00:00+08:00`);

/** Writes the demo's statistics in `tx`, as of `now`; returns the periods' ids, oldest first. */
export async function writeDemoStatistics(tx: Tx, people: Map<string, DemoPerson>, now: Date): Promise<string[]> {
  const secretariat = [...people.values()].find((p) => p.kind === 'secretariat')!;
  // the members who file, as the alliance has them now (demo-alliance.ts)
  const members = await demoMemberOrgIds(tx);
  const filing = new Map<string, (typeof FILINGS)[string] & { person: DemoPerson; kind: FilerKind }>();
  for (const [email, f] of Object.entries(FILINGS)) {
    const person = people.get(email);
    if (!person) throw new Error(`demo statistics: nobody with the e-mail ${email}`);
    const kind: FilerKind | null = members.vendor.includes(person.orgId) ? 'annotation_firm' : members.training_institution.includes(person.orgId) ? 'training_institution' : null;
    if (!kind) throw new Error(`demo statistics: ${person.orgName} is not a member that files`);
    filing.set(person.orgId, { ...f, person, kind });
  }

  const ids: string[] = [];
  const latest = quarterOfInstant(now);
  for (let i = 0; i < DEMO_STATISTICS.quarters; i++) {
    const quarter = addQuarters(latest, i - DEMO_STATISTICS.quarters);
    const end = quarterEnd(quarter);
    const dueOn = isoPlus(end, DUE_AFTER_DAYS);
    const openedAt = new Date(Math.min(beijingAt(end, OPENS_AFTER_DAYS, 10).getTime(), now.getTime() - HOUR));
    if (!checkPeriodOpening(quarter, dueOn, openedAt).ok) continue; // the latest quarter ended less than a day ago
    const q = formatQuarter(quarter);
    const previousQuarter = formatQuarter(addQuarters(quarter, -1));
    const p = await statistics.openPeriod(tx, { quarter: q, quarterEnd: end, dueOn, openedBy: secretariat.userId, at: openedAt });
    ids.push(p.id);
    const filers = await statistics.filersOf(tx, [p.id]);
    await history.audit(tx, {
      at: openedAt, actorUserId: secretariat.userId, actorOrgId: secretariat.orgId, entityType: 'statistics_period', entityId: p.id,
      action: 'statistics_period.opened', after: { quarter: q, dueOn, status: p.status, filers: filers.length },
    });
    await notify(tx, toOrgs(filers.map((f) => f.orgId), { kind: 'statistics_period_opened', orderId: null, payload: { periodId: p.id, quarter: q, dueOn } }), openedAt);

    const late = dueMoment(dueOn);
    for (const f of filers) {
      const plan = filing.get(f.orgId);
      if (!plan) throw new Error(`demo statistics: no figures for ${f.orgName}`);
      if (plan.kind !== f.filerKind) throw new Error(`demo statistics: ${f.orgName} files as ${f.filerKind}`);
      const day = plan.filedOnDay[i] ?? null;
      const figures = plan.figures[i] ?? null;
      const filedAt = day === null ? null : new Date(openedAt.getTime() + day * DAY + (i + 1) * HOUR);
      const filed = filedAt !== null && filedAt <= now && figures !== null;
      // the reminders the scheduler sent before it was filed: a few days ahead of the due date, and once it was late
      const sent = new Set<FilingReminderKind>();
      for (const at of [beijingAt(dueOn, -REMINDER_DAYS_BEFORE_DUE, 9), new Date(late.getTime() + 9 * HOUR)]) {
        if (at > now || (filed && filedAt! <= at)) continue;
        for (const kind of dueFilingReminders({ status: 'open', dueOn, filed: false }, sent, at)) {
          sent.add(kind);
          await statistics.markReminderSent(tx, p.id, f.orgId, kind, at);
          await notify(tx, [{ to: { orgId: f.orgId }, kind, orderId: null, payload: { periodId: p.id, quarter: q, dueOn } }], at);
        }
      }
      if (!filed) continue;
      await file(tx, { periodId: p.id, quarter: q, previousQuarter, person: plan.person, kind: f.filerKind, figures: figures!, reason: null, at: filedAt! });
      if (CORRECTION.email === plan.person.email && CORRECTION.quarterIndex === i) {
        const at = new Date(openedAt.getTime() + CORRECTION.onDay * DAY);
        if (at <= now) {
          await file(tx, { periodId: p.id, quarter: q, previousQuarter, person: plan.person, kind: f.filerKind, figures: CORRECTION.figures, reason: CORRECTION.reason, at });
          await notify(tx, toOrgs([secretariat.orgId], {
            kind: 'statistics_report_corrected', orderId: null,
            payload: { periodId: p.id, quarter: q, orgId: f.orgId, orgName: f.orgName, version: 2, reason: CORRECTION.reason },
          }), at);
        }
      }
    }

    // the older quarters are closed; the latest takes filings now
    const closedAt = beijingAt(end, CLOSES_AFTER_DAYS, 17);
    if (i < DEMO_STATISTICS.quarters - 1 && closedAt <= now) {
      const next = applyPeriodAction(p.status, { type: 'close' });
      if (!next.ok) throw new Error(`demo statistics: ${q} cannot be closed: ${next.error}`);
      await statistics.transitionPeriod(tx, p.id, ['open', 'reopened'], next.value, null, closedAt);
      await history.audit(tx, {
        at: closedAt, actorUserId: secretariat.userId, actorOrgId: secretariat.orgId, entityType: 'statistics_period', entityId: p.id,
        action: 'statistics_period.closed', before: { status: p.status }, after: { status: next.value },
      });
    }
  }
  return ids;
}

/** One filing or correction at `at`, as fileReport writes it: checked by the domain (errors would stop the demo), audited. */
async function file(
  tx: Tx,
  f: { periodId: string; quarter: string; previousQuarter: string; person: DemoPerson; kind: FilerKind; figures: ReportFigures; reason: string | null; at: Date },
): Promise<ReportRow> {
  const latest = await statistics.latestReport(tx, f.periodId, f.person.orgId);
  const rule = checkFiling({ periodOpen: true, latestVersion: latest?.version ?? null, reason: f.reason });
  if (rule) throw new Error(`demo statistics: ${f.person.orgName} ${f.quarter}: ${rule}`);
  const previous = await statistics.latestReportOfQuarter(tx, f.previousQuarter, f.person.orgId);
  const check = checkReport(f.kind, f.figures, previous ? figuresOf(previous) : null);
  if (check.errors.length > 0) throw new Error(`demo statistics: ${f.person.orgName} ${f.quarter}: ${JSON.stringify(check.errors)}`);
  const added = await statistics.addVersion(tx, {
    periodId: f.periodId, orgId: f.person.orgId, filerKind: f.kind, figures: f.figures, warnings: check.warnings, reason: latest ? f.reason : null,
    submittedBy: f.person.userId, at: f.at,
  });
  await history.audit(tx, {
    at: f.at, actorUserId: f.person.userId, actorOrgId: f.person.orgId, entityType: 'statistics_report', entityId: `${f.periodId}:${f.person.orgId}`,
    action: latest ? 'statistics_report.corrected' : 'statistics_report.filed',
    before: latest ? { version: latest.version, ...figuresOf(latest) } : null,
    after: { version: added.version, ...f.figures, ...(added.reason ? { reason: added.reason } : {}), warnings: check.warnings.map((w) => w.code) },
  });
  return added;
}
