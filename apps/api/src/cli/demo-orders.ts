import { demoChecksum } from './demo-made-up.ts';
import type { DemoOrder } from './demo-history.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const XINGHENG = 'buyer.xingheng@annex.local';
const YANCHUAN = 'buyer.yanchuan@annex.local';
const SHUICHENG = 'vendor.shuicheng@annex.local';
const YUNHE = 'vendor.yunhe@annex.local';
const HUIYAN = 'vendor.huiyan@annex.local';
const JINGYANGGANG = 'vendor.jingyanggang@annex.local';

/** What each demo order shows a newcomer, in the order `demoOrders` lists them. */
export const DEMO_ORDER_STATES = [
  'open', 'open', 'open', 'evaluation', 'evaluation', 'awarded', 'in_progress', 'in_progress', 'completed', 'unsuccessful', 'cancelled',
] as const;

/**
 * The demo market's orders, with times relative to `now`: three open for bids, two in evaluation (sealed and
 * open bidding, one with itemised quotes), one awarded in publicity with an objection, two in progress under an
 * agreed contract (one with a batch accepted and paid, one rejected after sampling and delivered again, one still to
 * come; the other with a batch under inspection), one completed with both reviews in, one unsuccessful and one cancelled.
 */
export function demoOrders(now: Date): DemoOrder[] {
  const at = (days: number, hours = 0) => new Date(now.getTime() + days * DAY + hours * HOUR);
  return [
    {
      buyer: XINGHENG,
      terms: {
        title: '城市道路激光雷达点云 3D 框标注（12 万帧）',
        description:
          '车载 128 线激光雷达点云，标注机动车、非机动车、行人等 9 类目标的 3D 框并做跨帧跟踪。\n\n' +
          '- 交付格式：KITTI 扩展 JSON\n- 验收：每批按 GB/T 2828.1 抽检（AQL 1.0），准确率 ≥ 98%',
        modality: 'point_cloud',
        taskTypes: ['cuboid_3d', 'tracking'],
        volumeQuantity: 120_000,
        volumeUnit: 'frames',
        unitPriceCeilingFen: 800,
        budgetTotalFen: 96_000_000,
        biddingMode: 'sealed',
        questionsCloseAt: at(7),
        bidDeadline: at(14),
        deliveryDeadline: at(74),
        accuracyTarget: 98,
        samplingRule: { kind: 'gbt2828', aql: 1.0 },
        securityLevel: 'internal',
        workLocation: 'vendor_secure_room',
        requiredCertifications: ['iso27001'],
        minHeadcount: 100,
        requiresSecureRoom: true,
        tags: ['自动驾驶', '点云'],
      },
      createdAt: at(-3, -6),
      submittedAt: at(-3, -5),
      approvedAt: at(-2),
      questions: [{
        vendor: SHUICHENG,
        at: at(-1, -3),
        body: '点云是否同步提供相机图像作为辅助？遮挡严重、点数很少的目标是否需要标注？',
        answer: '提供 6 路环视相机图像及标定参数，仅作辅助参考；目标框内激光点少于 5 个的不标注。',
        answeredAt: at(-1, 2),
      }],
      bids: [{
        vendor: SHUICHENG, at: at(0, -6), totalPriceFen: 86_400_000, unitPriceFen: 720, deliveryDays: 60, teamSize: 150, committedAccuracy: 98.5,
        proposal: '保密标注室内作业，双人交叉复核，每日抽检 5% 并提交质检日报。',
      }],
    },
    {
      buyer: XINGHENG,
      terms: {
        title: '前视摄像头车道线与可行驶区域分割',
        description: '1920×1080 前视图像 8 万张，车道线折线标注与可行驶区域语义分割。',
        modality: 'image',
        taskTypes: ['lane_marking', 'semantic_segmentation'],
        volumeQuantity: 80_000,
        volumeUnit: 'images',
        unitPriceCeilingFen: 400,
        budgetTotalFen: 32_000_000,
        biddingMode: 'open',
        questionsCloseAt: at(4),
        bidDeadline: at(9),
        deliveryDeadline: at(50),
        accuracyTarget: 97,
        samplingRule: { kind: 'statistical', expectedAccuracy: 97, marginPercent: 2, confidence: 95 },
        securityLevel: 'internal',
        workLocation: 'remote',
        tags: ['自动驾驶', '语义分割'],
      },
      createdAt: at(-2, -4),
      submittedAt: at(-2, -3),
      approvedAt: at(-1),
      bids: [
        {
          vendor: SHUICHENG, at: at(0, -10), totalPriceFen: 28_800_000, unitPriceFen: 360, deliveryDays: 35, teamSize: 70, committedAccuracy: 97.5,
          proposal: '已完成 3 个同类车道线项目，自研折线吸附工具，单张平均用时 4 分钟。',
        },
        {
          vendor: JINGYANGGANG, at: at(0, -3), totalPriceFen: 26_400_000, unitPriceFen: 330, deliveryDays: 40, teamSize: 60, committedAccuracy: 97.2,
          proposal: '车道线与可行驶区域分两组并行标注，质检组全量复核边界。',
          quoteLines: [
            { item: '车道线折线标注', quantity: 80_000, unit: '张', unitPriceFen: 150, amountFen: 12_000_000 },
            { item: '可行驶区域语义分割', quantity: 80_000, unit: '张', unitPriceFen: 180, amountFen: 14_400_000 },
          ],
        },
      ],
    },
    {
      buyer: YANCHUAN,
      terms: {
        title: '政务服务领域大模型 SFT 多轮对话数据（2 万组）',
        description: '围绕社保、公积金、企业开办等政务场景编写多轮问答，需熟悉山东省政务服务事项。',
        modality: 'text',
        taskTypes: ['sft_dialogue', 'rlhf_ranking'],
        volumeQuantity: 20_000,
        volumeUnit: 'items',
        unitPriceCeilingFen: 3_000,
        budgetTotalFen: 60_000_000,
        biddingMode: 'sealed',
        questionsCloseAt: at(10),
        bidDeadline: at(20),
        deliveryDeadline: at(80),
        accuracyTarget: 95,
        samplingRule: { kind: 'fixed', sampleSize: 200 },
        securityLevel: 'public',
        workLocation: 'remote',
        tags: ['大模型', '政务'],
      },
      createdAt: at(-4, -2),
      submittedAt: at(-4),
      approvedAt: at(-3),
      questions: [{
        vendor: HUIYAN,
        at: at(-2, -5),
        body: '每组对话的轮数和单轮字数有要求吗？是否需要标注引用的政策文件？',
        answer: '每组 4–8 轮，单轮回答 80–300 字；涉及办事条件和材料的回答需注明所依据的政策文件名称和文号。',
        answeredAt: at(-1, -4),
      }],
    },
    {
      buyer: XINGHENG,
      terms: {
        title: '交通标志与信号灯 2D 框标注（20 万张）',
        description:
          '## 数据\n城市道路前视图像 20 万张（1920×1080），覆盖白天、夜间和雨天。\n\n' +
          '## 标注内容\n- 交通标志 2D 框，按 GB 5768 分 42 类\n- 信号灯 2D 框及状态属性（红 / 黄 / 绿 / 灭）\n\n' +
          '## 验收\n每批按 GB/T 2828.1 抽检（AQL 2.5），框准确率 ≥ 97%，漏标率 ≤ 1%。',
        modality: 'image',
        taskTypes: ['bbox', 'classification'],
        volumeQuantity: 200_000,
        volumeUnit: 'images',
        unitPriceCeilingFen: 90,
        budgetTotalFen: 18_000_000,
        biddingMode: 'sealed',
        questionsCloseAt: at(-3),
        bidDeadline: at(0, -2),
        deliveryDeadline: at(40),
        accuracyTarget: 97,
        samplingRule: { kind: 'gbt2828', aql: 2.5 },
        securityLevel: 'internal',
        workLocation: 'remote',
        minHeadcount: 50,
        tags: ['自动驾驶', '交通标志'],
      },
      createdAt: at(-9, -5),
      submittedAt: at(-9, -3),
      approvedAt: at(-8),
      questions: [
        {
          vendor: JINGYANGGANG,
          at: at(-7, -2),
          body: '信号灯的状态是否作为属性标注？很小的标志（如 10×10 像素以下）是否需要标注？',
          answer: '信号灯状态作为属性标注，共 4 类；短边小于 8 像素的目标不标注，用 ignore 区域框出即可。',
          answeredAt: at(-6, 3),
        },
        {
          vendor: HUIYAN,
          at: at(-5, -6),
          body: '中标后能否先试标 500 张，确认规范理解一致后再批量作业？',
          answer: '可以。中标后提供 500 张试标数据，试标合格率达到 97% 后开始批量交付。',
          answeredAt: at(-5, -2),
        },
      ],
      bids: [
        {
          vendor: SHUICHENG, at: at(-4, -3), totalPriceFen: 15_600_000, unitPriceFen: 78, deliveryDays: 28, teamSize: 60, committedAccuracy: 98.5,
          proposal: '60 人专项组，标注与质检分离；信号灯状态属性由质检组逐张复核。',
        },
        {
          vendor: JINGYANGGANG, at: at(-2, -1), totalPriceFen: 13_800_000, unitPriceFen: 69, deliveryDays: 35, teamSize: 45, committedAccuracy: 97.5,
          proposal: '有两个交通场景 2D 框项目经验，按周分批交付，每批附质检报告。',
        },
        {
          vendor: HUIYAN, at: at(0, -20), totalPriceFen: 16_400_000, unitPriceFen: 82, deliveryDays: 25, teamSize: 70, committedAccuracy: 98.8,
          proposal: '模型预标注 + 人工精修，25 天交付；试标阶段免费。',
        },
      ],
    },
    {
      buyer: YANCHUAN,
      terms: {
        title: '电商评论细粒度情感与属性实体标注（50 万条）',
        description:
          '3C 数码类商品评论 50 万条，每条标注：\n\n' +
          '1. 属性实体（外观、续航、物流、售后等 36 类）及其在原文中的位置；\n' +
          '2. 每个属性的情感极性（正面 / 中性 / 负面）。\n\n' +
          '评论已去除用户名和手机号。验收按统计抽样（置信度 95%）逐条检查，准确率 ≥ 95%。',
        modality: 'text',
        taskTypes: ['ner', 'sentiment', 'classification'],
        volumeQuantity: 500_000,
        volumeUnit: 'items',
        unitPriceCeilingFen: 40,
        budgetTotalFen: 20_000_000,
        biddingMode: 'open',
        questionsCloseAt: at(-4),
        bidDeadline: at(0, -5),
        deliveryDeadline: at(45),
        accuracyTarget: 95,
        samplingRule: { kind: 'statistical', expectedAccuracy: 95, marginPercent: 2, confidence: 95 },
        securityLevel: 'public',
        workLocation: 'remote',
        tags: ['大模型', '情感分析'],
      },
      createdAt: at(-12, -4),
      submittedAt: at(-12, -2),
      approvedAt: at(-11),
      questions: [{
        vendor: YUNHE,
        at: at(-10, -3),
        body: '属性实体的标签体系是否固定？遇到规范之外的新属性如何处理？',
        answer: '标签体系固定为 36 类，规范 v2.1 中标后提供；规范外的属性统一标为“其他”，并在批次报告中列出。',
        answeredAt: at(-10, 4),
      }],
      bids: [
        {
          vendor: YUNHE, at: at(-9, -2), totalPriceFen: 16_500_000, unitPriceFen: 33, deliveryDays: 30, teamSize: 90, committedAccuracy: 96,
          proposal: '文本标注团队 90 人，其中电商评论项目经验 2 年以上的 40 人。',
          quoteLines: [
            { item: '属性实体标注', quantity: 500_000, unit: '条', unitPriceFen: 18, amountFen: 9_000_000 },
            { item: '情感极性标注', quantity: 500_000, unit: '条', unitPriceFen: 12, amountFen: 6_000_000 },
            { item: '二次质检复核（抽检 20%）', quantity: 100_000, unit: '条', unitPriceFen: 15, amountFen: 1_500_000 },
          ],
        },
        {
          vendor: HUIYAN, at: at(-6, -4), totalPriceFen: 18_200_000, unitPriceFen: 36, deliveryDays: 26, teamSize: 110, committedAccuracy: 96.5,
          proposal: '大模型预标注后人工校对，情感极性双人背靠背标注，分歧由组长裁定。',
          quoteLines: [
            { item: '属性实体标注', quantity: 500_000, unit: '条', unitPriceFen: 20, amountFen: 10_000_000 },
            { item: '情感极性标注', quantity: 500_000, unit: '条', unitPriceFen: 13, amountFen: 6_500_000 },
            { item: '二次质检复核（抽检 20%）', quantity: 100_000, unit: '条', unitPriceFen: 17, amountFen: 1_700_000 },
          ],
        },
        {
          vendor: JINGYANGGANG, at: at(-2, -6), totalPriceFen: 14_900_000, unitPriceFen: 30, deliveryDays: 35, teamSize: 70, committedAccuracy: 95.5,
          proposal: '按品类分组作业，每 5 万条一批交付。',
          quoteLines: [
            { item: '属性实体标注', quantity: 500_000, unit: '条', unitPriceFen: 16, amountFen: 8_000_000 },
            { item: '情感极性标注', quantity: 500_000, unit: '条', unitPriceFen: 11, amountFen: 5_500_000 },
            { item: '二次质检复核（抽检 20%）', quantity: 100_000, unit: '条', unitPriceFen: 14, amountFen: 1_400_000 },
          ],
        },
      ],
    },
    {
      buyer: XINGHENG,
      terms: {
        title: '自动驾驶前视图像可行驶区域语义分割（3 万张）',
        description:
          '## 数据\n高速与城市快速路前视图像 3 万张。\n\n' +
          '## 标注内容\n可行驶区域、路沿、隔离带、施工区域 4 类像素级语义分割，边界误差不超过 2 像素。\n\n' +
          '## 要求\n- 具备 ISO 27001 认证\n- 每批按 GB/T 2828.1 抽检（AQL 1.5），像素准确率 ≥ 96%',
        modality: 'image',
        taskTypes: ['semantic_segmentation', 'polygon'],
        volumeQuantity: 30_000,
        volumeUnit: 'images',
        unitPriceCeilingFen: 600,
        budgetTotalFen: 16_000_000,
        biddingMode: 'sealed',
        questionsCloseAt: at(-5),
        bidDeadline: at(-2),
        deliveryDeadline: at(50),
        accuracyTarget: 96,
        samplingRule: { kind: 'gbt2828', aql: 1.5 },
        securityLevel: 'internal',
        workLocation: 'remote',
        requiredCertifications: ['iso27001'],
        minHeadcount: 40,
        tags: ['自动驾驶', '语义分割'],
      },
      createdAt: at(-10, -6),
      submittedAt: at(-10, -4),
      approvedAt: at(-9),
      questions: [{
        vendor: HUIYAN,
        at: at(-8, -2),
        body: '施工区域与可行驶区域重叠时以哪一类为准？',
        answer: '以施工区域为准：锥桶和水马围出的范围整体标为施工区域。',
        answeredAt: at(-7, -5),
      }],
      bids: [
        {
          vendor: SHUICHENG, at: at(-6, -4), totalPriceFen: 14_400_000, unitPriceFen: 480, deliveryDays: 30, teamSize: 80, committedAccuracy: 97.5,
          proposal: '完成过 3 个自动驾驶分割项目；边界采用超像素辅助工具，质检逐张叠图检查。',
        },
        {
          vendor: HUIYAN, at: at(-4, -1), totalPriceFen: 15_300_000, unitPriceFen: 510, deliveryDays: 28, teamSize: 60, committedAccuracy: 97,
          proposal: '分割模型预标注后人工精修，28 天交付。',
        },
        {
          vendor: JINGYANGGANG, at: at(-3, -2), totalPriceFen: 11_700_000, unitPriceFen: 390, deliveryDays: 40, teamSize: 50, committedAccuracy: 96.5,
          proposal: '价格优先方案：50 人团队 40 天交付，满足招标文件的交付期限。',
        },
      ],
      award: {
        vendor: SHUICHENG,
        publicity: 'running',
        reason:
          '综合评分第一。聊城水城数标承诺准确率 97.5%，30 天交付，具备 ISO 27001 认证和保密标注室，并有 3 个同类自动驾驶分割项目经验；' +
          '景阳冈数据报价最低，但 40 天的交付期晚于我方模型迭代节点。',
      },
      objection: {
        vendor: JINGYANGGANG,
        body:
          '我司报价 ¥117,000，比中标价低 18.75%，承诺准确率 96.5% 高于招标要求的 96%，40 天交付也在招标文件规定的交付期限之内。' +
          '招标文件并未把交付周期列为评分因素，需求方却以此为由不予中标，评审依据与公告不一致。请秘书处复核本次评标过程。',
      },
    },
    {
      buyer: YANCHUAN,
      terms: {
        title: '政务热线工单文本分类与关键信息抽取（8 万条）',
        description:
          '12345 政务服务热线工单文本 8 万条（已脱敏），完成：\n\n' +
          '- 诉求分类：按承办部门分 28 类\n- 关键信息抽取：诉求地点、涉及单位、诉求时间\n\n' +
          '数据中仍可能含有部分地址信息，须签署保密协议。',
        modality: 'text',
        taskTypes: ['classification', 'ner'],
        volumeQuantity: 80_000,
        volumeUnit: 'items',
        unitPriceCeilingFen: 120,
        budgetTotalFen: 9_000_000,
        biddingMode: 'open',
        questionsCloseAt: at(-10),
        bidDeadline: at(-7),
        deliveryDeadline: at(30),
        accuracyTarget: 95,
        samplingRule: { kind: 'fixed', sampleSize: 300 },
        securityLevel: 'internal',
        containsPersonalInfo: true,
        workLocation: 'remote',
        tags: ['政务', '信息抽取'],
      },
      createdAt: at(-16, -3),
      submittedAt: at(-16, -1),
      approvedAt: at(-15),
      bids: [
        {
          vendor: YUNHE, at: at(-12, -2), totalPriceFen: 7_600_000, unitPriceFen: 95, deliveryDays: 25, teamSize: 40, committedAccuracy: 97,
          proposal: '有聊城市政务文本标注经验，熟悉各承办部门职责划分。',
          quoteLines: [
            { item: '工单诉求分类', quantity: 80_000, unit: '条', unitPriceFen: 40, amountFen: 3_200_000 },
            { item: '关键信息抽取', quantity: 80_000, unit: '条', unitPriceFen: 55, amountFen: 4_400_000 },
          ],
        },
        {
          vendor: HUIYAN, at: at(-9, -5), totalPriceFen: 8_400_000, unitPriceFen: 105, deliveryDays: 20, teamSize: 50, committedAccuracy: 97.5,
          proposal: '20 天交付，保密标注室内作业。',
        },
      ],
      award: {
        vendor: YUNHE,
        publicity: 'over',
        reason: '临清运河智能报价最低，承诺准确率 97% 高于 95% 的要求，且有政务文本标注经验；25 天交付满足工期要求。',
      },
      contract: {
        paymentTermsDays: 30,
        firstProposal: {
          dueInDays: [5, 12, 20],
          changesAsked: '第 1 批 3 万条需先完成试标和规范培训，5 天内交付有困难。建议三批的交付日期分别调整为 9 天、18 天和 27 天后，仍在合同交付期限之内。',
        },
        milestones: [
          {
            title: '第 1 批：工单 1–30000', quantity: 30_000, amountFen: 2_850_000, dueInDays: 9,
            batches: [{
              itemCount: 30_000, vendorQaAccuracy: 97.8,
              link: 'https://pan.yunhe-data.example/batches/hotline-01.zip', checksum: demoChecksum('hotline-01'),
              notes: '第 1 批 3 万条，分类与关键信息抽取均已完成；附质检报告（内部抽检 2,000 条，准确率 97.8%）。',
              inspection: { errors: 6, note: '诉求地点只抽取到街道，缺少门牌号' },
              decision: { decision: 'accept' },
            }],
            payment: 'confirmed',
          },
          {
            title: '第 2 批：工单 30001–60000', quantity: 30_000, amountFen: 2_850_000, dueInDays: 18,
            batches: [
              {
                itemCount: 30_000, vendorQaAccuracy: 96.4,
                link: 'https://pan.yunhe-data.example/batches/hotline-02.zip', checksum: demoChecksum('hotline-02'),
                notes: '第 2 批 3 万条，含供暖季集中诉求工单。',
                inspection: { errors: 27, note: '供暖类诉求误分到住建部门，应归热力公司承办' },
                decision: {
                  decision: 'reject',
                  reasons: '抽检 300 条发现 27 条错误，准确率 91%，低于合同约定的 95%。主要问题：供暖类诉求被分到住建部门（应为热力公司），' +
                    '部分工单的涉及单位漏抽取。请按规范 v1.2 第 3.4 节全量复核供暖类工单后重新交付。',
                },
              },
              {
                itemCount: 30_000, vendorQaAccuracy: 98.1,
                link: 'https://pan.yunhe-data.example/batches/hotline-02-rework.zip', checksum: demoChecksum('hotline-02-rework'),
                notes: '返工说明：供暖类工单 4,812 条已全量复核并改派热力公司；涉及单位字段补抽 1,106 条。内部抽检准确率 98.1%。',
              },
            ],
          },
          { title: '第 3 批：工单 60001–80000', quantity: 20_000, amountFen: 1_900_000, dueInDays: 27 },
        ],
      },
    },
    {
      buyer: XINGHENG,
      terms: {
        title: '园区低速物流车前视图像 2D 框标注（5 万张）',
        description:
          '产业园区内低速无人物流车前视图像 5 万张（1280×720），标注行人、非机动车、车辆、锥桶、路障 5 类目标的 2D 框及遮挡属性。\n\n' +
          '验收：每批按 GB/T 2828.1 抽检（AQL 1.0），框准确率 ≥ 97%。',
        modality: 'image',
        taskTypes: ['bbox', 'classification'],
        volumeQuantity: 50_000,
        volumeUnit: 'images',
        unitPriceCeilingFen: 60,
        budgetTotalFen: 3_000_000,
        biddingMode: 'sealed',
        questionsCloseAt: at(-12),
        bidDeadline: at(-9),
        deliveryDeadline: at(35),
        accuracyTarget: 97,
        samplingRule: { kind: 'gbt2828', aql: 1.0 },
        securityLevel: 'internal',
        workLocation: 'remote',
        tags: ['自动驾驶', '物流'],
      },
      createdAt: at(-20, -3),
      submittedAt: at(-20, -1),
      approvedAt: at(-19),
      bids: [
        {
          vendor: JINGYANGGANG, at: at(-15, -4), totalPriceFen: 2_600_000, unitPriceFen: 52, deliveryDays: 30, teamSize: 40, committedAccuracy: 97.5,
          proposal: '40 人专项组，按 2.5 万张一批交付，每批附质检报告；遮挡属性由质检组逐框复核。',
        },
        {
          vendor: SHUICHENG, at: at(-11, -2), totalPriceFen: 2_850_000, unitPriceFen: 57, deliveryDays: 25, teamSize: 50, committedAccuracy: 98,
          proposal: '已有园区场景 2D 框项目经验，25 天交付。',
        },
      ],
      award: {
        vendor: JINGYANGGANG,
        publicity: 'over',
        reason: '阳谷景阳冈报价最低，承诺准确率 97.5% 高于 97% 的要求，30 天交付满足工期；分批交付便于我方逐批验收。',
      },
      contract: {
        paymentTermsDays: 15,
        milestones: [
          {
            title: '第 1 批：图像 1–25000', quantity: 25_000, amountFen: 1_300_000, dueInDays: 12,
            batches: [{
              itemCount: 25_000, vendorQaAccuracy: 98.2,
              link: 'https://share.jingyanggang.example/park-logistics/batch-01.tar', checksum: demoChecksum('park-logistics-01'),
              notes: '第 1 批 2.5 万张，COCO JSON 格式，附遮挡属性统计表。',
              inspection: { errors: 4, note: '锥桶漏标（画面边缘、遮挡超过一半）' },
            }],
          },
          { title: '第 2 批：图像 25001–50000', quantity: 25_000, amountFen: 1_300_000, dueInDays: 30 },
        ],
      },
    },
    {
      buyer: YANCHUAN,
      terms: {
        title: '大模型回答偏好排序标注（RLHF，1 万组）',
        description:
          '每组为同一提示词下模型生成的 4 条回答，按有用性、真实性、无害性排序并写出排序理由。\n\n' +
          '验收按统计抽样（置信度 95%，误差 ±3%），排序一致率 ≥ 95%。',
        modality: 'text',
        taskTypes: ['rlhf_ranking'],
        volumeQuantity: 10_000,
        volumeUnit: 'items',
        unitPriceCeilingFen: 300,
        budgetTotalFen: 3_000_000,
        biddingMode: 'open',
        questionsCloseAt: at(-14),
        bidDeadline: at(-10),
        deliveryDeadline: at(20),
        accuracyTarget: 95,
        samplingRule: { kind: 'statistical', expectedAccuracy: 95, marginPercent: 3, confidence: 95 },
        securityLevel: 'public',
        workLocation: 'remote',
        tags: ['大模型', 'RLHF'],
      },
      createdAt: at(-22, -5),
      submittedAt: at(-22, -3),
      approvedAt: at(-21),
      bids: [{
        vendor: HUIYAN, at: at(-16, -3), totalPriceFen: 2_600_000, unitPriceFen: 260, deliveryDays: 14, teamSize: 30, committedAccuracy: 96,
        proposal: '30 名具备本科以上学历的标注员，双人背靠背排序，分歧由组长裁定；分两批交付。',
      }],
      award: {
        vendor: HUIYAN,
        publicity: 'over',
        reason: '聊城慧眼有 RLHF 排序项目经验，承诺一致率 96% 高于要求，报价在预算之内，14 天交付。',
      },
      contract: {
        paymentTermsDays: 10,
        milestones: [1, 2].map((n) => ({
          title: `第 ${n} 批：${n === 1 ? '第 1–5000 组' : '第 5001–10000 组'}`, quantity: 5_000, amountFen: 1_300_000, dueInDays: 7 * n,
          batches: [{
            itemCount: 5_000, vendorQaAccuracy: 97,
            link: `https://files.huiyan-ai.example/rlhf/batch-0${n}.jsonl.gz`, checksum: demoChecksum(`rlhf-0${n}`),
            notes: `第 ${n} 批 5,000 组，JSONL 格式，每组含排序与排序理由。`,
            inspection: { errors: 2, note: '排序理由与排序结果不一致' },
            decision: { decision: 'accept' as const },
          }],
          payment: 'confirmed' as const,
        })),
        reviews: {
          buyer: {
            ratings: { quality: 5, timeliness: 5, communication: 4 },
            body: '两批均一次验收通过，抽检一致率高于约定；排序理由写得清楚，便于我们复核。建议下次提前同步标注员排班。',
          },
          vendor: {
            ratings: { clarity: 4, paymentTimeliness: 5, communication: 5 },
            body: '需求方规范清晰，示例充分，验收和付款都很及时。个别边界情况的判定标准在项目中途才补充，希望下次在启动时给出。',
          },
        },
      },
    },
    {
      buyer: XINGHENG,
      terms: {
        title: '夜间低照度场景行人关键点标注（1 万张，需驻场）',
        description:
          '测试车队夜间采集的原始图像 1 万张，标注行人 17 个人体关键点及可见性。\n\n' +
          '**数据不出场**：须在北京亦庄需求方现场标注，标注人员需签署保密协议。',
        modality: 'image',
        taskTypes: ['keypoint'],
        volumeQuantity: 10_000,
        volumeUnit: 'images',
        unitPriceCeilingFen: 800,
        budgetTotalFen: 8_000_000,
        biddingMode: 'sealed',
        questionsCloseAt: at(-2),
        bidDeadline: at(0, -3),
        deliveryDeadline: at(30),
        accuracyTarget: 97,
        samplingRule: { kind: 'gbt2828', aql: 2.5 },
        securityLevel: 'confidential',
        workLocation: 'buyer_site',
        requiredCertifications: ['iso27001'],
        minHeadcount: 20,
        tags: ['自动驾驶', '关键点'],
      },
      createdAt: at(-9, -4),
      submittedAt: at(-9, -2),
      approvedAt: at(-8),
      questions: [{
        vendor: HUIYAN,
        at: at(-6, -3),
        body: '能否在我司聊城的保密标注室内完成？如须驻场，人员差旅费用由哪方承担？',
        answer: '原始数据不能离开我方场地，须在北京亦庄驻场标注；差旅和住宿费用请计入报价。',
        answeredAt: at(-5, -1),
      }],
    },
    {
      buyer: YANCHUAN,
      terms: {
        title: '鲁西南方言语音转写与说话人分离（300 小时）',
        description:
          '菏泽、济宁地区方言对话录音 300 小时，双声道 16 kHz。\n\n' +
          '- 逐句转写并标注起止时间\n- 区分说话人（每段 2–4 人）\n- 字准确率 ≥ 96%',
        modality: 'audio',
        taskTypes: ['transcription', 'speaker_diarization'],
        volumeQuantity: 300,
        volumeUnit: 'hours',
        unitPriceCeilingFen: 60_000,
        budgetTotalFen: 16_000_000,
        biddingMode: 'sealed',
        questionsCloseAt: at(3),
        bidDeadline: at(6),
        deliveryDeadline: at(60),
        accuracyTarget: 96,
        samplingRule: { kind: 'statistical', expectedAccuracy: 96, marginPercent: 3, confidence: 90 },
        securityLevel: 'public',
        workLocation: 'remote',
        tags: ['语音', '方言'],
      },
      createdAt: at(-5, -3),
      submittedAt: at(-5, -1),
      approvedAt: at(-4),
      questions: [{
        vendor: YUNHE,
        at: at(-3, -2),
        body: '方言词汇是转写成对应的普通话，还是保留方言用字？',
        answer: '统一转写为规范汉字；方言特有词汇保留原字，并在方括号内注明普通话释义。',
        answeredAt: at(-2, -6),
      }],
      bids: [{
        vendor: YUNHE, at: at(-1, -2), totalPriceFen: 15_600_000, unitPriceFen: 52_000, deliveryDays: 45, teamSize: 30, committedAccuracy: 97,
        proposal: '转写员均为鲁西南籍，熟悉当地方言；每小时音频双人校对。',
      }],
      cancel: {
        reason: '因语音模型训练计划调整，方言数据需求推迟到 2027 年二季度重新发布，本次招标取消。感谢已投标的服务商。',
      },
    },
  ];
}
