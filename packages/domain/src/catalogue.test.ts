import { describe, expect, it } from 'vitest';
import {
  ANNOTATION_STATUS_LIST, type AnnotationMove, type AnnotationMover, type AnnotationStatus, CATALOGUE_CODE_PATTERN, CATALOGUE_SECTOR_LIST, type CatalogueStatus,
  type CatalogueStep, type CatalogueViewer, OPEN_TYPE_LIST, UPDATE_FREQUENCY_LIST, applyCatalogueStep, catalogueActions,
  annotationStatusOnAwardCancelled, catalogueContactVisible, catalogueEntryVisible, cataloguePublishProblems, codeOfLabel, moveAnnotationStatus, nextCatalogueCode,
  normalizeCatalogueCode, orderDraftFromEntry,
} from './catalogue.ts';

const publicViewer: CatalogueViewer = { kind: 'public' };
const secretariat: CatalogueViewer = { kind: 'secretariat' };
const buyer: CatalogueViewer = { kind: 'buyer', orgId: 'b' };
const vendor: CatalogueViewer = { kind: 'vendor', orgId: 'v', active: true };
const lapsedVendor: CatalogueViewer = { kind: 'vendor', orgId: 'v', active: false };

describe('catalogue lifecycle', () => {
  it.each<[CatalogueStatus, CatalogueStep, CatalogueStatus | 'invalid_transition']>([
    ['draft', 'publish', 'published'],
    ['archived', 'publish', 'published'],
    ['published', 'publish', 'invalid_transition'],
    ['published', 'unpublish', 'draft'],
    ['archived', 'unpublish', 'draft'],
    ['draft', 'unpublish', 'invalid_transition'],
    ['draft', 'archive', 'archived'],
    ['published', 'archive', 'archived'],
    ['archived', 'archive', 'invalid_transition'],
  ])('%s --%s--> %s', (from, step, want) => {
    const r = applyCatalogueStep(from, step);
    expect(r.ok ? r.value : r.error).toBe(want);
  });

  it('publishes only an entry with a summary and suggested task types', () => {
    expect(cataloguePublishProblems({ summary: '  ', taskTypes: [] })).toEqual(['summary', 'taskTypes']);
    expect(cataloguePublishProblems({ summary: '高考志愿填报咨询记录', taskTypes: ['classification'] })).toEqual([]);
  });
});

describe('annotation status', () => {
  it.each<[AnnotationStatus, AnnotationStatus, AnnotationMover, boolean]>([
    // an award starts the work of an entry still waiting for it, and nothing else
    ['pending', 'in_progress', 'award', true],
    ['in_progress', 'in_progress', 'award', false],
    ['completed', 'in_progress', 'award', false],
    ['pending', 'completed', 'award', false],
    // the secretariat confirms completion and corrects anything else, but a move must change something
    ['in_progress', 'completed', 'secretariat', true],
    ['completed', 'in_progress', 'secretariat', true],
    ['in_progress', 'pending', 'secretariat', true],
    ['pending', 'completed', 'secretariat', true],
    ['completed', 'completed', 'secretariat', false],
    // a cancelled award only takes an entry out of 标注中
    ['in_progress', 'pending', 'award_cancelled', true],
    ['completed', 'pending', 'award_cancelled', false],
    ['pending', 'pending', 'award_cancelled', false],
  ])('%s → %s by %s: %s', (from, to, by, allowed) => {
    expect(moveAnnotationStatus(from, to, by).ok).toBe(allowed);
  });

  const byAward = (orderId: string): AnnotationMove => ({ from: 'pending', to: 'in_progress', by: 'award', orderId });
  it.each<[string, AnnotationStatus, AnnotationMove | null, number, AnnotationStatus | null]>([
    ["back to what it was before this order's award", 'in_progress', byAward('o1'), 0, 'pending'],
    ['stays: another order of the entry is awarded or at work', 'in_progress', byAward('o1'), 1, null],
    ["stays: another order's award moved it", 'in_progress', byAward('o2'), 0, null],
    ['stays: the secretariat set it since', 'in_progress', { from: 'completed', to: 'in_progress', by: 'secretariat', orderId: null }, 0, null],
    ['stays: confirmed done since (the last move is not the award)', 'completed', { from: 'in_progress', to: 'completed', by: 'secretariat', orderId: null }, 0, null],
    ['stays: no move recorded (the award found it at work already)', 'in_progress', null, 0, null],
    ['stays: the status is no longer the one the award set', 'completed', byAward('o1'), 0, null],
  ])('an award cancelled: %s', (_, current, last, others, expected) => {
    expect(annotationStatusOnAwardCancelled(current, last, 'o1', others)).toBe(expected);
  });
});

describe('who sees what', () => {
  it.each<[string, CatalogueViewer, boolean, boolean]>([
    // viewer, sees a draft, sees the contact
    ['the public', publicViewer, false, false],
    ['a buyer', buyer, false, true],
    ['a verified vendor', vendor, false, true],
    ['a vendor not (or no longer) verified', lapsedVendor, false, false],
    ['the secretariat', secretariat, true, true],
  ])('%s', (_, v, seesDraft, seesContact) => {
    expect(catalogueEntryVisible('published', v)).toBe(true);
    expect(catalogueEntryVisible('draft', v)).toBe(seesDraft);
    expect(catalogueEntryVisible('archived', v)).toBe(seesDraft);
    expect(catalogueContactVisible(v)).toBe(seesContact);
  });

  it('offers interest to verified vendors and orders to buyers, on published entries only', () => {
    const published = { status: 'published' as const, publishedAt: new Date() };
    expect(catalogueActions(published, vendor)).toMatchObject({ registerInterest: true, startOrder: false, edit: false, seeLeads: false });
    expect(catalogueActions(published, lapsedVendor)).toMatchObject({ registerInterest: false, seeContact: false });
    expect(catalogueActions(published, buyer)).toMatchObject({ registerInterest: false, startOrder: true });
    expect(catalogueActions({ ...published, status: 'archived' }, buyer)).toMatchObject({ startOrder: false });
    expect(catalogueActions(published, secretariat)).toMatchObject({
      edit: true, editCode: false, publish: false, unpublish: true, archive: true, seeLeads: true, startOrder: false,
    });
    // a code may change until the entry was first published
    expect(catalogueActions({ status: 'draft', publishedAt: null }, secretariat)).toMatchObject({ editCode: true, publish: true });
    expect(catalogueActions({ status: 'draft', publishedAt: new Date() }, secretariat)).toMatchObject({ editCode: false });
  });
});

describe('resource codes', () => {
  it.each([
    [' lc-jy-0001 ', 'LC-JY-0001', true],
    ['ＬＣ－ＪＹ－０００２', 'LC-JY-0002', true],
    ['LC–WL–0003', 'LC-WL-0003', true],
    ['LC JY 0001', 'LCJY0001', false],
    ['聊城-JY-1', '聊城-JY-1', false],
    ['LC-', 'LC-', false],
  ])('%j → %s (valid: %s)', (typed, stored, valid) => {
    expect(normalizeCatalogueCode(typed)).toBe(stored);
    expect(CATALOGUE_CODE_PATTERN.test(stored)).toBe(valid);
  });

  it('proposes the number after the highest of the sector', () => {
    expect(nextCatalogueCode('education', [])).toBe('LC-JY-0001');
    expect(nextCatalogueCode('education', ['LC-JY-0007', 'LC-JY-0012', 'LC-KJ-0099', 'LC-JY-X1'])).toBe('LC-JY-0013');
    expect(nextCatalogueCode('culture_tourism', ['LC-JY-0007'])).toBe('LC-WL-0001');
  });
});

describe('labels', () => {
  it('reads a code from its Chinese label, its English label or itself', () => {
    expect(codeOfLabel(CATALOGUE_SECTOR_LIST, '文旅')).toBe('culture_tourism');
    expect(codeOfLabel(CATALOGUE_SECTOR_LIST, ' Culture & tourism ')).toBe('culture_tourism');
    expect(codeOfLabel(UPDATE_FREQUENCY_LIST, '每季度')).toBe('quarterly');
    expect(codeOfLabel(OPEN_TYPE_LIST, '有条件开放')).toBe('conditional');
    expect(codeOfLabel(ANNOTATION_STATUS_LIST, 'in_progress')).toBe('in_progress');
    expect(codeOfLabel(ANNOTATION_STATUS_LIST, '进行中')).toBeNull();
  });
});

describe('an order from an entry', () => {
  it('takes the modality, tasks and personal-information flag, and keeps important data confidential', () => {
    const entry = {
      id: 'e1', code: 'LC-WJ-0003', title: '基层医疗机构门诊病历文本', modality: 'text' as const, taskTypes: ['ner' as const, 'classification' as const],
      containsPersonalInfo: true, dataLevel: 'important' as const, tags: ['病历', '医疗'],
    };
    expect(orderDraftFromEntry(entry)).toEqual({
      title: '基层医疗机构门诊病历文本标注', modality: 'text', taskTypes: ['ner', 'classification'], containsPersonalInfo: true,
      securityLevel: 'confidential', tags: ['LC-WJ-0003', '病历', '医疗'], catalogueEntryId: 'e1',
    });
    expect(orderDraftFromEntry({ ...entry, dataLevel: 'general' }).securityLevel).toBe('internal');
  });
});
