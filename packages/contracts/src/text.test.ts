import { describe, expect, it } from 'vitest';
import {
  CreateOrderRequest, CreateQuestionRequest, hiddenCharacterProblem, RegisterRequest, UpdateOrganisationRequest,
} from './index.ts';
import { longText, multiLine, singleLine } from './text.ts';

const messages = (r: { error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('singleLine (names, titles, tags)', () => {
  const name = singleLine(2, 100);
  it('removes zero-width characters before trimming and counting', () => {
    expect(name.parse('\u200b 聊城\u200d示例\ufeff标注\u00ad有限公司 \u2060')).toBe('聊城示例标注有限公司');
    // nothing but invisible characters is blank
    expect(name.safeParse('\u200b\u200b\u200b').success).toBe(false);
  });
  it.each([
    ['a right-to-left override', '示例\u202Efdp.exe', 'U+202E'],
    ['a left-to-right override', 'abc\u202Ddef', 'U+202D'],
    ['a right-to-left isolate', 'abc\u2067def', 'U+2067'],
    ['a right-to-left mark', 'abc\u200Fdef', 'U+200F'],
    ['an Arabic letter mark', 'abc\u061Cdef', 'U+061C'],
    ['a tab', '聊城\t示例', 'U+0009'],
    ['a line feed', '聊城\n示例', 'U+000A'],
    ['a carriage return', '聊城\r示例', 'U+000D'],
    ['a NUL', '聊城\u0000示例', 'U+0000'],
    ['an escape (terminal colours)', '\u001b[31m聊城', 'U+001B'],
    ['DEL', '聊城\u007f示例', 'U+007F'],
    ['a C1 control', '聊城\u0085示例', 'U+0085'],
    ['a line separator', '聊城\u2028示例', 'U+2028'],
  ])('refuses %s with a message naming it', (_, value, code) => {
    const r = name.safeParse(value);
    expect(r.success).toBe(false);
    expect(messages(r).join('\n')).toContain(code);
  });
  it('keeps ordinary punctuation, full-width characters and emoji', () => {
    expect(name.parse('（聊城）Data-Lab «α» №1 😀')).toBe('（聊城）Data-Lab «α» №1 😀');
  });
});

describe('multiLine and longText (reasons, questions, descriptions)', () => {
  it('keeps line breaks and tabs', () => {
    expect(multiLine(2, 100).parse(' 第一行\n第二行\r\n\t第三行 ')).toBe('第一行\n第二行\r\n\t第三行');
    expect(longText(100).parse('# 标题\n\n- 一\n- 二\n')).toBe('# 标题\n\n- 一\n- 二\n');
  });
  it.each([['\u202E'], ['\u2066'], ['\u0000'], ['\u001b'], ['\u0085'], ['\u000b']])('refuses %j', (c) => {
    expect(multiLine(2, 100).safeParse(`第一行${c}第二行`).success).toBe(false);
    expect(longText(100).safeParse(`第一行${c}第二行`).success).toBe(false);
  });
});

describe('the request schemas use them', () => {
  const register = {
    email: 'a@example.cn', password: 'correct horse battery', displayName: '李明',
    organisation: { kind: 'buyer', name: '星衡智能科技有限公司', uscc: '91440300192317458F', contactName: '李明', contactPhone: '13800138000' },
  };
  it('strips zero-width characters from names and refuses direction controls in them', () => {
    const parsed = RegisterRequest.parse({ ...register, displayName: '李\u200b明', organisation: { ...register.organisation, name: '星衡\u200c智能科技有限公司' } });
    expect([parsed.displayName, parsed.organisation.name]).toEqual(['李明', '星衡智能科技有限公司']);
    expect(messages(RegisterRequest.safeParse({ ...register, organisation: { ...register.organisation, name: '星衡\u202E司公限有' } }))).toEqual([
      'organisation.name: must not contain direction control characters (found U+202E)',
    ]);
    expect(UpdateOrganisationRequest.safeParse({ contactName: '李\n明' }).success).toBe(false);
  });
  it('checks order titles, tags and descriptions, and question text', () => {
    expect(messages(CreateOrderRequest.safeParse({ title: '点云标注\u202Egpj.exe', modality: 'point_cloud' }))).toEqual([
      'title: must not contain direction control characters (found U+202E)',
    ]);
    expect(CreateOrderRequest.safeParse({ title: '点云标注', modality: 'point_cloud', tags: ['激光\t雷达'] }).success).toBe(false);
    expect(CreateOrderRequest.safeParse({ title: '点云标注', modality: 'point_cloud', description: '说明\u0007' }).success).toBe(false);
    expect(CreateQuestionRequest.parse({ body: '样本在哪里？\n能否提供？' }).body).toBe('样本在哪里？\n能否提供？');
    expect(CreateQuestionRequest.safeParse({ body: '样本\u202E在哪里' }).success).toBe(false);
  });
});

describe('hiddenCharacterProblem', () => {
  it('tells one line from several', () => {
    expect(hiddenCharacterProblem('a\nb', 'line')).toBe('must be a single line without control characters (found U+000A)');
    expect(hiddenCharacterProblem('a\nb', 'text')).toBeNull();
    expect(hiddenCharacterProblem('标注规范.pdf', 'line')).toBeNull();
  });
});
