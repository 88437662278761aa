import type { ServiceVersionFields } from '@annex/db';
import { COUNTY_CODES, type MaterialSpec } from '@annex/domain';

// The policy-agency services of the city's measures (聊政办字〔2025〕19号), one per actionable measure, each citing
// its article. The document states no amount, rate or deadline for any of them: where a firm would ask, the text
// says 以主管部门最新通知为准. The time limits are the secretariat's own promise (受理至报送), not the agencies'.

const DOC = { documentNumber: '聊政办字〔2025〕19号', title: '聊城市促进数据标注产业高质量发展的若干措施' };
const basis = (article: string, excerpt: string) => ({ ...DOC, article, excerpt });

const LATEST = '以主管部门最新通知为准';
const CONTACT = '聊城市数据标注产业联盟秘书处，电话 0635-8210000（工作日 9:00–17:00），也可在本平台代办事项中留言。';
const TIME_LIMIT_FAQ = {
  question: '承诺时限指什么？',
  answer: '指联盟秘书处自受理代办申请至向主管部门报送材料的工作日数（法定节假日不计，调休上班日计入），是联盟的服务承诺；主管部门的审核时限以主管部门最新通知为准。',
};
const STEPS = (agencyStep: string) => [
  '企业在本平台提交代办申请，说明需求',
  '联盟秘书处受理，核对申请条件并告知所需材料',
  '企业按材料清单上传材料，秘书处逐项审核，需补正的说明原因',
  `材料齐全后，秘书处${agencyStep}`,
  '秘书处跟进办理结果并在本平台告知企业，办结归档',
];
const LOCAL = { type: 'county' as const, anyOf: [...COUNTY_CODES] };

let n = 0;
/** A material of a checklist (ids m1, m2, … in order). */
const material = (name: string, o: Partial<MaterialSpec> = {}): MaterialSpec => {
  n += 1;
  return { id: `m${n}`, name, form: 'copy', copies: 1, required: true, formats: ['pdf', 'jpg', 'png'], templateFileId: null, note: null, ...o };
};
const checklist = (...items: (() => MaterialSpec)[]) => {
  n = 0;
  return items.map((make) => make());
};
const LICENCE = () => material('营业执照（副本）复印件', { note: '加盖企业公章' });

/** A seeded service: its code and its first version. */
export type DemoService = { code: string; fields: ServiceVersionFields };

/** The services, in the order of the measures. */
export const DEMO_SERVICES: DemoService[] = [
  {
    code: 'industrial-base-settlement',
    fields: {
      name: '数据标注产业基地入驻',
      category: 'settlement',
      summary: '协助数据标注企业对接全市数据标注产业基地（园区），了解场所租售、股权合作、收益分成等合作模式并办理入驻。\n\n基地位置、入驻条件和费用以各基地运营方及主管部门最新通知为准。',
      policyBasis: [basis('第一条', '对入驻的数据标注企业灵活采用场所租售、股权合作、收益分成等多种合作模式，精准导入产业关键环节，快速形成集群效应。')],
      agencies: ['市大数据局', '市国资委', '各县（市、区）人民政府', '市属开发区管委会'],
      applicants: '拟入驻我市数据标注产业基地（园区）的数据标注企业',
      conditions: [{ type: 'org_kind', anyOf: ['vendor'] }],
      freeConditions: [`入驻条件、场地及合作模式${LATEST}`],
      materials: checklist(LICENCE, () => material('入驻意向书（企业简介、拟用面积、人员规模、业务方向）', { formats: ['pdf', 'docx'] })),
      steps: STEPS('向基地运营方及主管部门推荐对接'),
      timeLimitDays: 10,
      fee: LATEST,
      contact: CONTACT,
      faq: [{ question: '入驻有哪些合作模式？', answer: '文件提出场所租售、股权合作、收益分成等多种合作模式，具体以各基地运营方及主管部门最新通知为准。' }, TIME_LIMIT_FAQ],
    },
  },
  {
    code: 'above-size-statistics',
    fields: {
      name: '升规纳统申报辅导',
      category: 'above_size',
      summary: '引导年营业收入已达规模（限额）但尚未入统的数据标注企业及时申报入统：秘书处帮助企业梳理财务与从业人员数据、准备材料并报送。',
      policyBasis: [basis('第二条', '积极引导年营业收入已达规模（限额）但未入统的企业及时申报入统。')],
      agencies: ['市人力资源社会保障局', '市国资委', '市大数据局', '市投资促进局', '各县（市、区）人民政府', '市属开发区管委会'],
      applicants: '年营业收入已达规模（限额）但尚未纳入统计的数据标注企业',
      conditions: [{ type: 'org_kind', anyOf: ['vendor'] }, LOCAL, { type: 'above_designated_size', value: false }],
      freeConditions: [`年营业收入已达规模（限额）标准；规模（限额）标准${LATEST}`],
      materials: checklist(
        LICENCE,
        () => material('上年度财务报表（资产负债表、利润表）', { form: 'original', formats: ['pdf', 'xlsx'] }),
        () => material('从业人员名册及社会保险缴纳证明', { formats: ['pdf', 'xlsx'] }),
        () => material('企业基本情况说明', { required: false, formats: ['pdf', 'docx'] }),
      ),
      steps: STEPS('向主管部门报送入统申请'),
      timeLimitDays: 10,
      fee: LATEST,
      contact: CONTACT,
      faq: [
        { question: '什么是升规纳统？', answer: '指企业达到规模（限额）以上标准后，纳入统计部门的规模以上企业统计范围。' },
        { question: '我不确定营业收入是否已达标准怎么办？', answer: `可先提交代办申请并在留言中说明，秘书处协助核对；标准${LATEST}。` },
        TIME_LIMIT_FAQ,
      ],
    },
  },
  {
    code: 'employment-entrepreneurship',
    fields: {
      name: '就业创业扶持政策申领',
      category: 'employment',
      summary: '协助数据标注企业申领鼓励企业吸纳就业、促进就业和鼓励创业的扶持政策。',
      policyBasis: [basis('第二条', '落实鼓励企业吸纳就业政策、促进就业支持政策、鼓励创业扶持政策。')],
      agencies: ['市人力资源社会保障局', '各县（市、区）人民政府', '市属开发区管委会'],
      applicants: '在我市注册、吸纳就业或创业的数据标注企业',
      conditions: [{ type: 'org_kind', anyOf: ['vendor'] }, LOCAL],
      freeConditions: [`具体政策项目、申领条件及标准${LATEST}`],
      materials: checklist(
        LICENCE,
        () => material('吸纳就业人员名册及劳动合同', { formats: ['pdf', 'xlsx'] }),
        () => material('社会保险缴纳证明', { formats: ['pdf'] }),
      ),
      steps: STEPS('向人力资源社会保障部门报送申请'),
      timeLimitDays: 10,
      fee: LATEST,
      contact: CONTACT,
      faq: [TIME_LIMIT_FAQ],
    },
  },
  {
    code: 'industry-fund-pool',
    fields: {
      name: '数据标注产业资金池对接',
      category: 'financing',
      summary: '为有实际资金需求的数据标注企业对接国有企业设立的“数据标注产业资金池”及政府引导基金。',
      policyBasis: [basis('第三条', '鼓励有条件的国有企业成立“数据标注产业资金池”，为有实际需求的企业提供资金支持。')],
      agencies: ['市发展改革委', '市财政局', '市国资委'],
      applicants: '有实际资金需求的数据标注企业',
      conditions: [{ type: 'org_kind', anyOf: ['vendor'] }],
      freeConditions: [`资金池设立情况、支持方式及条件${LATEST}`],
      materials: checklist(
        LICENCE,
        () => material('资金需求说明（用途、金额、期限）', { formats: ['pdf', 'docx'] }),
        () => material('近两年财务报表', { formats: ['pdf', 'xlsx'] }),
      ),
      steps: STEPS('向资金池运营方推荐对接'),
      timeLimitDays: 15,
      fee: LATEST,
      contact: CONTACT,
      faq: [TIME_LIMIT_FAQ],
    },
  },
  {
    code: 'inclusive-credit',
    fields: {
      name: '普惠信贷与政银企融资对接（支农支小再贷款）',
      category: 'financing',
      summary: '通过政银企融资对接，帮助普惠小微数据标注企业用好支农支小再贷款等结构性货币政策工具，获得信贷支持。',
      policyBasis: [
        basis('第三条', '用好用足国家、省级政策资金和支农支小再贷款等结构性货币政策工具，加大对普惠小微市场主体的信贷支持力度。'),
        basis('第七条', '强化政银企融资对接服务，畅通沟通渠道，加强信贷支持力度。'),
      ],
      agencies: ['中国人民银行聊城市分行', '市财政局', '市发展改革委'],
      applicants: '有信贷需求的普惠小微数据标注企业',
      conditions: [{ type: 'org_kind', anyOf: ['vendor'] }, LOCAL],
      freeConditions: [`普惠小微认定标准、贷款额度、利率及期限${LATEST}`],
      materials: checklist(
        LICENCE,
        () => material('融资需求表', { formats: ['pdf', 'docx', 'xlsx'] }),
        () => material('近一年财务报表或纳税证明', { formats: ['pdf'] }),
      ),
      steps: STEPS('向合作银行推送融资需求并跟进对接'),
      timeLimitDays: 10,
      fee: LATEST,
      contact: CONTACT,
      faq: [{ question: '贷款利率是多少？', answer: `利率、额度和期限由合作银行按政策确定，${LATEST}。` }, TIME_LIMIT_FAQ],
    },
  },
  {
    code: 'data-security-compliance',
    fields: {
      name: '数据安全与质量合规辅导',
      category: 'compliance',
      summary: '帮助数据标注企业提升数据标注技术和质量控制能力，满足数据安全和质量要求：对照要求自查、整改并对接相关评估与认证。',
      policyBasis: [basis('第五条', '鼓励企业持续改进技术管理水平，提升数据标注技术和质量控制能力，满足数据安全和质量要求。')],
      agencies: ['市大数据局', '市委网信办', '市科技局'],
      applicants: '数据标注企业',
      conditions: [{ type: 'org_kind', anyOf: ['vendor'] }],
      freeConditions: ['涉及个人信息或重要数据的项目，需说明数据来源与处理方式'],
      materials: checklist(
        LICENCE,
        () => material('数据安全管理制度及质量控制流程文件', { formats: ['pdf', 'docx'] }),
        () => material('已取得的相关认证证书', { required: false }),
      ),
      steps: STEPS('组织辅导并对接主管部门'),
      timeLimitDays: 15,
      fee: LATEST,
      contact: CONTACT,
      faq: [TIME_LIMIT_FAQ],
    },
  },
  {
    code: 'skills-certification-subsidy',
    fields: {
      name: '职业技能等级认定与技能补贴',
      category: 'skills_subsidy',
      summary: '协助数据标注企业组织从业人员参加相关职业技能等级认定，并申领职业技能补贴。',
      policyBasis: [basis('第六条', '建设公共实训基地，开展相关职业技能等级认定，落实职业技能补贴。')],
      agencies: ['市人力资源社会保障局', '市教育体育局', '市大数据局'],
      applicants: '组织从业人员参加数据标注相关职业技能等级认定的企业',
      conditions: [{ type: 'org_kind', anyOf: ['vendor'] }, LOCAL, { type: 'headcount', min: 1 }],
      freeConditions: [`认定职业（工种）、补贴对象及标准${LATEST}`],
      materials: checklist(
        LICENCE,
        () => material('参训（参评）人员名单', { formats: ['xlsx', 'pdf'] }),
        () => material('职业技能等级证书复印件', { required: false }),
      ),
      steps: STEPS('向人力资源社会保障部门报送认定与补贴申请'),
      timeLimitDays: 15,
      fee: LATEST,
      contact: CONTACT,
      faq: [TIME_LIMIT_FAQ],
    },
  },
  {
    code: 'talent-pool',
    fields: {
      name: '数据标注人才库入库',
      category: 'talent',
      summary: '将企业的数据标注从业人员及引育的高层次人才纳入全市数据标注人才库，便于人才对接与政策落实。',
      policyBasis: [basis('第六条', '建设数据标注人才库，支持数据标注企业引育高层次人才。')],
      agencies: ['市人力资源社会保障局', '市大数据局', '市教育体育局'],
      applicants: '数据标注企业（为本企业从业人员申请入库）',
      conditions: [{ type: 'org_kind', anyOf: ['vendor'] }],
      freeConditions: [`入库条件及人才分类${LATEST}`],
      materials: checklist(() => material('入库人员信息表', { formats: ['xlsx'] }), () => material('学历或职业技能证书复印件', { required: false })),
      steps: STEPS('向主管部门报送入库名单'),
      timeLimitDays: 10,
      fee: LATEST,
      contact: CONTACT,
      faq: [TIME_LIMIT_FAQ],
    },
  },
  {
    code: 'rd-super-deduction',
    fields: {
      name: '研发费用加计扣除辅导',
      category: 'tax',
      summary: '帮助开展研发活动的数据标注企业归集研发费用、准备留存备查资料，落实研发费用加计扣除政策。',
      policyBasis: [basis('第七条', '落实研发费用加计扣除、高新技术企业税收优惠等政策……')],
      agencies: ['市财政局', '市科技局'],
      applicants: '开展研发活动的数据标注企业',
      conditions: [{ type: 'org_kind', anyOf: ['vendor'] }],
      freeConditions: [`研发活动范围、加计扣除比例及申报期限${LATEST}`],
      materials: checklist(
        () => material('研发项目立项文件', { formats: ['pdf', 'docx'] }),
        () => material('研发费用辅助账', { formats: ['xlsx', 'pdf'] }),
      ),
      steps: STEPS('协助企业完成申报准备并对接主管部门'),
      timeLimitDays: 15,
      fee: LATEST,
      contact: CONTACT,
      faq: [{ question: '加计扣除比例是多少？', answer: `比例及适用范围${LATEST}。` }, TIME_LIMIT_FAQ],
    },
  },
  {
    code: 'high-tech-enterprise',
    fields: {
      name: '高新技术企业认定',
      category: 'high_tech',
      summary: '辅导符合条件的数据标注企业申报高新技术企业认定，落实高新技术企业税收优惠政策。',
      policyBasis: [
        basis('第七条', '落实研发费用加计扣除、高新技术企业税收优惠等政策……'),
        { documentNumber: '国科发火〔2016〕32号', title: '高新技术企业认定管理办法', article: '第十一条', excerpt: null },
      ],
      agencies: ['市科技局', '市财政局'],
      applicants: '拟首次申报高新技术企业认定的数据标注企业',
      conditions: [{ type: 'org_kind', anyOf: ['vendor'] }, { type: 'high_tech_certificate', value: false }, { type: 'years_since_founding', min: 1 }],
      freeConditions: [`知识产权、研发投入、科技人员比例等认定条件及申报批次${LATEST}`],
      materials: checklist(
        LICENCE,
        () => material('知识产权证明材料', { formats: ['pdf'] }),
        () => material('近三个会计年度财务审计报告及研发费用专项审计报告', { formats: ['pdf'] }),
        () => material('科技人员名单', { formats: ['xlsx', 'pdf'] }),
      ),
      steps: STEPS('协助企业在认定管理系统提交申报'),
      timeLimitDays: 20,
      fee: LATEST,
      contact: CONTACT,
      faq: [{ question: '简称“高企”吗？', answer: '是的，高新技术企业常简称“高企”。' }, TIME_LIMIT_FAQ],
    },
  },
  ...(
    [
      ['corpus-voucher', '省级语料券申领', 'corpus_voucher', '语料券', '语料采购或使用合同'],
      ['data-voucher', '省级数据券申领', 'data_voucher', '数据券', '数据产品采购或使用合同'],
      ['algorithm-voucher', '省级算法券申领', 'algorithm_voucher', '算法券', '算法服务采购或使用合同'],
      ['compute-voucher', '省级算力券申领', 'compute_voucher', '算力券', '算力服务采购或使用合同'],
    ] as const
  ).map(([code, name, category, voucher, contract]): DemoService => ({
    code,
    fields: {
      name,
      category,
      summary: `协助数据标注企业申领省级${voucher}，降低数据标注企业成本。${voucher}的申领批次、额度及使用范围${LATEST}。`,
      policyBasis: [basis('第七条', '充分利用省级语料券、数据券、算法券和算力券等，降低数据标注企业成本。')],
      agencies: ['市大数据局', '市财政局', '市科技局', '市工业和信息化局'],
      applicants: '符合省级申领条件的数据标注企业',
      conditions: [{ type: 'org_kind', anyOf: ['vendor'] }, LOCAL],
      freeConditions: [`申领条件、额度、比例及申报期限${LATEST}`],
      materials: checklist(LICENCE, () => material(contract, { formats: ['pdf'] }), () => material('发票或付款凭证', { formats: ['pdf', 'jpg', 'png'] })),
      steps: STEPS(`向主管部门报送${voucher}申领材料`),
      timeLimitDays: 10,
      fee: LATEST,
      contact: CONTACT,
      faq: [{ question: `${voucher}能抵扣多少？`, answer: `额度和比例${LATEST}，秘书处受理时会告知当期通知。` }, TIME_LIMIT_FAQ],
    },
  })),
  {
    code: 'youth-talent-housing',
    fields: {
      name: '青年人才安居与就业创业政策咨询',
      category: 'talent',
      summary: '为在聊就业创业的数据标注青年人才梳理住房安居、就业创业等政策并协助申请，由所在企业代为咨询办理。',
      policyBasis: [basis('第八条', '进一步梳理、出台、落实各类就业创业、住房安居、特色文旅等政策，吸引青年、人才来聊留聊就业创业。')],
      agencies: ['市委组织部', '市人力资源社会保障局', '共青团聊城市委', '各县（市、区）人民政府'],
      applicants: '在我市就业创业的数据标注青年人才（由所在企业代为申请）',
      conditions: [{ type: 'org_kind', anyOf: ['vendor'] }, LOCAL],
      freeConditions: [`人才认定条件、安居政策内容及标准${LATEST}`],
      materials: checklist(() => material('人才基本信息表', { formats: ['xlsx', 'pdf'] }), () => material('劳动合同及社会保险缴纳证明', { formats: ['pdf'] })),
      steps: STEPS('向主管部门报送申请'),
      timeLimitDays: 10,
      fee: LATEST,
      contact: CONTACT,
      faq: [TIME_LIMIT_FAQ],
    },
  },
  {
    code: 'alliance-membership',
    fields: {
      name: '数据标注产业联盟入会',
      category: 'membership',
      summary: '加入聊城市数据标注产业联盟，享受政策代办、订单对接、交流研讨等服务。',
      policyBasis: [basis('第九条', '组建数据标注产业联盟，提供政策代办、订单对接、交流研讨等服务，促进上下游产业整合协作、产学研用深度融合。')],
      agencies: ['市大数据局'],
      applicants: '数据标注企业、人工智能企业、培训机构及产业基地运营方',
      conditions: [{ type: 'org_kind', anyOf: ['vendor', 'buyer'] }],
      freeConditions: ['认同联盟章程'],
      materials: checklist(LICENCE, () => material('入会申请表', { formats: ['pdf', 'docx'] })),
      steps: ['企业在本平台提交入会申请', '联盟秘书处受理并审核材料', '秘书处报联盟审议', '审议通过后办理入会并通知企业'],
      timeLimitDays: 10,
      fee: '以联盟章程及最新通知为准',
      contact: CONTACT,
      faq: [TIME_LIMIT_FAQ],
    },
  },
];
