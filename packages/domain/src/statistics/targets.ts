/** The figures the alliance is judged by, and the marketplace's own two. */
export const KPI_KEYS = [
  'practitioners', 'above_scale_firms', 'annotation_revenue', 'people_trained', 'local_supply_rate', 'benchmark_bases',
  'awarded_value', 'completed_value',
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

/** What a figure counts: people, firms, bases, money (fen) or a share (0–1). */
export type KpiUnit = 'people' | 'firms' | 'bases' | 'fen' | 'share';

type Text = { zh: string; en: string };

/** A figure: its unit, definition and formula (zh/en), and whether it is counted per year (year to date). */
export type KpiDefinition = { key: KpiKey; unit: KpiUnit; yearly: boolean; definition: Text; formula: Text };

/** A target of the city's policy: the figure must reach `value` (`at_least`: ≥, `more_than`: >) by `deadline`. */
export type KpiTarget = { key: KpiKey; value: number; comparison: 'at_least' | 'more_than'; deadline: string; source: Text };

/** The policy these targets come from: 《聊城市促进数据标注产业高质量发展的若干措施》, issued on this day. */
export const POLICY_ISSUED_ON = '2025-12-24';

/** Every figure's definition and formula, written beside it wherever it is shown. */
export const KPI_DEFINITIONS: Record<KpiKey, KpiDefinition> = {
  practitioners: {
    key: 'practitioners', unit: 'people', yearly: false,
    definition: { zh: '数据标注相关从业人员：联盟成员单位季末在岗的数据标注从业人员。', en: 'Annotation practitioners: people employed in data annotation by the member organisations at the quarter’s end.' },
    formula: { zh: '∑ 各填报单位最新版本报表的“季末从业人员”', en: 'Σ “practitioners at quarter end” over the latest version of each filed report' },
  },
  above_scale_firms: {
    key: 'above_scale_firms', unit: 'firms', yearly: false,
    definition: { zh: '升规纳统的数据标注企业：已达规模（限额）以上并纳入统计的成员标注企业。', en: 'Firms above designated size (升规纳统): member annotation firms above designated size and in the official statistics.' },
    formula: { zh: '本季度报表中“规上/已入统”为是的标注企业家数', en: 'count of annotation firms whose report for the quarter says “above designated size, in the statistics”' },
  },
  annotation_revenue: {
    key: 'annotation_revenue', unit: 'fen', yearly: true,
    definition: { zh: '数据标注营业收入：成员单位本年度累计的数据标注业务收入（以亿元显示）。', en: 'Annotation revenue: the members’ revenue from annotation work, year to date (shown in 亿元, 100 M CNY).' },
    formula: { zh: '∑ 本年各季度最新版本报表的“其中数据标注收入”', en: 'Σ “of which annotation revenue” over the latest reports of this year’s quarters so far' },
  },
  people_trained: {
    key: 'people_trained', unit: 'people', yearly: true,
    definition: { zh: '培育数据标注人才：本年度累计岗前培训与职业技能等级认定人数。', en: 'People trained: pre-job training and vocational skill-level certification, year to date.' },
    formula: { zh: '∑ 本年各季度报表的（岗前培训人数 + 职业技能等级认定人数）', en: 'Σ (pre-job trained + skill-level certified) over this year’s quarterly reports so far' },
  },
  local_supply_rate: {
    key: 'local_supply_rate', unit: 'share', yearly: false,
    definition: { zh: '本地数据标注人才供给率：在聊城工作的从业人员中本地人才（户籍在聊城或毕业于聊城院校）所占比例。', en: 'Local talent supply rate: the share of local talent (hukou in Liaocheng or a Liaocheng graduate) among practitioners working in Liaocheng.' },
    formula: { zh: '∑ 本地人才 ÷ ∑ 在聊城工作的从业人员（仅计已填报单位）', en: 'Σ local practitioners ÷ Σ practitioners working in Liaocheng, over the members that filed' },
  },
  benchmark_bases: {
    key: 'benchmark_bases', unit: 'bases', yearly: false,
    definition: { zh: '标杆型产业基地（园区）：主城区建成并投用、经认定为标杆型的数据标注产业基地。', en: 'Benchmark industrial bases: annotation bases in the main urban area built, in use and recognised as benchmark.' },
    formula: { zh: '产业基地中认定状态为“标杆”的个数', en: 'count of industrial bases whose status is “benchmark”' },
  },
  awarded_value: {
    key: 'awarded_value', unit: 'fen', yearly: false,
    definition: { zh: '平台订单中标金额：本季度在平台定标的订单金额（按定标日期）。', en: 'Awarded value: the value of orders awarded on the platform in the quarter (by award date).' },
    formula: { zh: '∑ 本季度有效定标的中标报价总额', en: 'Σ total price of the awarded bid, over awards made in the quarter and not cancelled' },
  },
  completed_value: {
    key: 'completed_value', unit: 'fen', yearly: false,
    definition: { zh: '平台履约完成金额：本季度完成的合同金额（按完成日期）。', en: 'Completed value: the value of contracts completed on the platform in the quarter (by completion date).' },
    formula: { zh: '∑ 本季度完成的合同价款', en: 'Σ contract price over contracts completed in the quarter' },
  },
};

const MEASURE_3 = { zh: '第三条：到2027年年底，全市升规纳统的数据标注企业达到8家以上，从业人员达到10000人以上，营业收入超过5亿元。', en: 'Measure 3: by the end of 2027, at least 8 annotation firms above designated size, at least 10,000 practitioners, revenue above 500 M CNY.' };
const MEASURE_6 = { zh: '第六条：每年培育不少于1000名数据标注人才，到2027年年底本地数据标注人才供给率提升到80%以上。', en: 'Measure 6: at least 1,000 annotation talents trained every year; local talent supply rate of 80 % or more by the end of 2027.' };

/** The city's targets (policy of 2025-12-24), with their deadlines. Revenue is in fen: 5 亿元 = 50,000,000,000 fen. */
export const KPI_TARGETS: readonly KpiTarget[] = [
  { key: 'above_scale_firms', value: 8, comparison: 'at_least', deadline: '2027-12-31', source: MEASURE_3 },
  { key: 'practitioners', value: 10_000, comparison: 'at_least', deadline: '2027-12-31', source: MEASURE_3 },
  { key: 'annotation_revenue', value: 50_000_000_000, comparison: 'more_than', deadline: '2027-12-31', source: MEASURE_3 },
  { key: 'people_trained', value: 1_000, comparison: 'at_least', deadline: '2027-12-31', source: MEASURE_6 },
  { key: 'local_supply_rate', value: 0.8, comparison: 'at_least', deadline: '2027-12-31', source: MEASURE_6 },
  {
    key: 'benchmark_bases', value: 3, comparison: 'at_least', deadline: '2026-12-31',
    source: { zh: '第一条：到2026年年底，主城区建成并投用3个以上标杆型产业基地（园区）。', en: 'Measure 1: by the end of 2026, at least 3 benchmark industrial bases in use in the main urban area.' },
  },
];

/** Whether a value meets its target (≥, or > for “more than”). */
export const targetMet = (t: Pick<KpiTarget, 'value' | 'comparison'>, current: number): boolean =>
  t.comparison === 'more_than' ? current > t.value : current >= t.value;
