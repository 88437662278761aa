import { describe, expect, it } from 'vitest';
import { AcceptanceRule, CapabilityProfile, ERROR_STATUS, Fen, OrderSearchQuery, Phone, RegisterRequest, SearchOrdersQuery, VerificationDecision } from './index.ts';

const register = {
  email: ' Li.Ming@Example.CN ',
  password: 'correct horse battery',
  displayName: '李明',
  organisation: { kind: 'vendor', name: '聊城示例标注有限公司', uscc: '91440300192317458F', contactName: '李明', contactPhone: '13800138000', county: '371502' },
};

describe('RegisterRequest', () => {
  it('normalises the e-mail', () => {
    expect(RegisterRequest.parse(register).email).toBe('li.ming@example.cn');
  });
  it('asks vendors for their county', () => {
    const r = RegisterRequest.safeParse({ ...register, organisation: { ...register.organisation, county: undefined } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['organisation', 'county']);
  });
  it('refuses the secretariat kind at registration', () => {
    expect(RegisterRequest.safeParse({ ...register, organisation: { ...register.organisation, kind: 'secretariat' } }).success).toBe(false);
  });
});

describe('field schemas', () => {
  it.each([['13800138000', true], ['0635-8888888', true], ['+86 13912345678', true], ['12345', false], ['1380013800a', false]])(
    'phone %s → %s',
    (value, valid) => expect(Phone.safeParse(value).success).toBe(valid),
  );
  it('takes money only as integer fen', () => {
    expect(Fen.safeParse(12345).success).toBe(true);
    expect(Fen.safeParse(123.45).success).toBe(false);
    expect(Fen.safeParse(-1).success).toBe(false);
    expect(Fen.safeParse('100').success).toBe(false);
  });
  it('refuses capacity for a task type the firm does not offer', () => {
    const profile = {
      modalities: ['image'], taskTypes: ['bbox'], headcount: 10, dailyCapacity: { polygon: 100 }, certifications: [],
      secureRoom: false, tools: [], yearsActive: 1, revenueBand: 'lt1m', aboveDesignatedSize: false,
    };
    expect(CapabilityProfile.safeParse(profile).success).toBe(false);
    expect(CapabilityProfile.safeParse({ ...profile, dailyCapacity: { bbox: 100 } }).success).toBe(true);
  });
  it('needs a reason to reject a vendor', () => {
    expect(VerificationDecision.safeParse({ decision: 'reject' }).success).toBe(false);
    expect(VerificationDecision.safeParse({ decision: 'reject', reason: '材料不全' }).success).toBe(true);
  });
});

describe('order search budget', () => {
  it.each([
    ['a negative minimum', { budgetMin: '-500' }, 'budgetMin', 'a budget cannot be negative'],
    ['a negative maximum', { budgetMax: '-1' }, 'budgetMax', 'a budget cannot be negative'],
    ['a minimum above the maximum', { budgetMin: '500', budgetMax: '100' }, 'budgetMax', 'budgetMax must not be below budgetMin'],
  ])('refuses %s with a message on the field, in both order searches', (_, query, path, message) => {
    for (const schema of [SearchOrdersQuery, OrderSearchQuery]) {
      const r = schema.safeParse(query);
      expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([[path, message]]);
    }
  });
  it('takes an equal minimum and maximum, and either alone', () => {
    expect(OrderSearchQuery.parse({ budgetMin: '100', budgetMax: '100' })).toMatchObject({ budgetMin: 100, budgetMax: 100 });
    expect(SearchOrdersQuery.parse({ budgetMin: '0' }).budgetMin).toBe(0);
  });
});

describe('ERROR_STATUS', () => {
  it('maps every code to a 4xx or 5xx status', () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      expect(status >= 400 && status < 600, code).toBe(true);
    }
  });
});

describe('AcceptanceRule', () => {
  it.each([
    [{ kind: 'fixed', sampleSize: 200 }, true],
    [{ kind: 'fixed', sampleSize: 0 }, false],
    [{ kind: 'fixed', sampleSize: 12.5 }, false],
    [{ kind: 'fixed', sampleSize: 100_001 }, false],
    [{ kind: 'statistical', expectedAccuracy: 98, marginPercent: 2, confidence: 95 }, true],
    [{ kind: 'statistical', expectedAccuracy: 99.95, marginPercent: 0.25, confidence: 99 }, true],
    [{ kind: 'statistical', expectedAccuracy: 100, marginPercent: 2, confidence: 95 }, false],
    [{ kind: 'statistical', expectedAccuracy: 98, marginPercent: 21, confidence: 95 }, false],
    [{ kind: 'statistical', expectedAccuracy: 98, marginPercent: 2, confidence: 80 }, false],
    [{ kind: 'gbt2828', aql: 1.0 }, true],
    [{ kind: 'gbt2828', aql: 0.010 }, true],
    [{ kind: 'gbt2828', aql: 10 }, true],
    [{ kind: 'gbt2828', aql: 2 }, false],
    [{ kind: 'gbt2828', aql: 15 }, false],
    [{ kind: 'gbt2828', aql: 1.0, extra: true }, false],
    [{ samplePercent: 5, confidenceLevel: 95 }, false],
  ])('%j → %s', (rule, valid) => {
    expect(AcceptanceRule.safeParse(rule).success).toBe(valid);
  });
});
