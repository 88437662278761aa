import type { Agency, CatalogueVolume } from '@annex/contracts';
import {
  ANNOTATION_STATUS_LIST, type AnnotationStatus, CATALOGUE_SECTOR_LIST, CATALOGUE_STATUS_LIST, type CatalogueStatus, DATA_LEVEL_LIST,
  type Labelled, OPEN_TYPE_LIST, RAW_VOLUME_UNIT_LIST, SHARING_TYPE_LIST, UPDATE_FREQUENCY_LIST, labelOf,
} from '@annex/domain';
import { type Tone, formatNumber } from '#lib/i18n.ts';
import { getLocale } from '#lib/paraglide/runtime.js';

// The catalogue's words: the domain holds each vocabulary with its Chinese and English labels (imports read the
// Chinese ones), so the web shows those rather than keeping a second copy in its messages.

const en = () => getLocale() === 'en';
const label = (list: readonly Labelled<string>[]) => (code: string) => {
  const l = labelOf(list, code);
  return en() ? l.en : l.zh;
};

/** Display names of the catalogue's vocabularies, in the current language. */
export const CAT = {
  sector: label(CATALOGUE_SECTOR_LIST),
  frequency: label(UPDATE_FREQUENCY_LIST),
  sharing: label(SHARING_TYPE_LIST),
  open: label(OPEN_TYPE_LIST),
  level: label(DATA_LEVEL_LIST),
  annotation: label(ANNOTATION_STATUS_LIST),
  status: label(CATALOGUE_STATUS_LIST),
  unit: label(RAW_VOLUME_UNIT_LIST),
};

/** An agency's name in the current language (the English name where the secretariat gave one). */
export const agencyName = (a: Pick<Agency, 'name' | 'nameEn'>): string => (en() && a.nameEn ? a.nameEn : a.name);

/** A raw volume: “120,000 张” / “120,000 images”. */
export const formatVolume = (v: CatalogueVolume | null): string => (v ? `${formatNumber(v.quantity)} ${CAT.unit(v.unit)}` : '—');

/** One colour per annotation status across the site. */
export const ANNOTATION_TONE: Record<AnnotationStatus, Tone> = { pending: 'info', in_progress: 'warning', completed: 'success' };
/** One colour per lifecycle status. */
export const CATALOGUE_STATUS_TONE: Record<CatalogueStatus, Tone> = { draft: 'neutral', published: 'success', archived: 'muted' };
