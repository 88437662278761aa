import type { Modality, TaskType } from './capability.ts';
import {
  CATALOGUE_SECTOR_LIST, type CatalogueSector, type OpenType, UPDATE_FREQUENCY_LIST, type UpdateFrequency, labelOf,
} from './catalogue.ts';
import { COUNTY_LIST, MODALITY_LIST, TASK_TYPE_LIST } from './catalogue-vocabulary.ts';

// The published catalogue as DCAT-AP 3.0 JSON-LD (https://semiceu.github.io/DCAT-AP/releases/3.0.0/): one
// dcat:Catalog with a dcat:Dataset per published entry. Chinese literals carry @zh, English ones @en. Every node
// a DCAT-AP range names (publisher, contact point, theme, frequency, period, location, rights) is typed, so the
// DCAT-AP SHACL shapes find what they check. Only what is public goes in: the entry's contact is for verified
// members, so the contact point is the holding agency by name.

/** An entry as the DCAT feed needs it (published entries only: the caller filters). */
export type DcatEntry = {
  code: string;
  title: string;
  summary: string;
  agency: { id: string; name: string; nameEn: string | null };
  sector: CatalogueSector;
  modality: Modality;
  taskTypes: readonly TaskType[];
  updateFrequency: UpdateFrequency;
  openType: OpenType;
  coverageFrom: string | null;
  coverageTo: string | null;
  county: string | null;
  tags: readonly string[];
  publishedAt: Date | null;
  updatedAt: Date;
};

/** Where the feed's IRIs point. */
export type DcatOptions = {
  /** the public origin, e.g. https://annex.example.cn (no trailing slash) */
  origin: string;
  /** when the feed was made (the catalogue's dct:modified when it has no entries) */
  now: Date;
};

const EU = 'http://publications.europa.eu/resource/authority';

/** Our update frequencies in the EU frequency vocabulary (http://publications.europa.eu/resource/authority/frequency). */
export const DCAT_FREQUENCY: Record<UpdateFrequency, string> = {
  realtime: 'CONT',
  daily: 'DAILY',
  weekly: 'WEEKLY',
  monthly: 'MONTHLY',
  quarterly: 'QUARTERLY',
  semiannual: 'ANNUAL_2',
  annual: 'ANNUAL',
  irregular: 'IRREG',
};

/**
 * Our sectors in the EU data-theme vocabulary where one fits (EDUC is "education, culture and sport", REGI
 * "regions and cities"); 其他 has none. Every entry also carries our own sector concept.
 */
export const DCAT_THEME: Record<CatalogueSector, string | null> = {
  education: 'EDUC',
  science_technology: 'TECH',
  manufacturing: 'ECON',
  culture_tourism: 'EDUC',
  health: 'HEAL',
  agriculture: 'AGRI',
  transport: 'TRAN',
  government: 'GOVE',
  urban_management: 'REGI',
  environment: 'ENVI',
  other: null,
};

const EU_THEME_LABELS: Record<string, string> = {
  EDUC: 'Education, culture and sport', TECH: 'Science and technology', ECON: 'Economy and finance', HEAL: 'Health',
  AGRI: 'Agriculture, fisheries, forestry and food', TRAN: 'Transport', GOVE: 'Government and public sector',
  REGI: 'Regions and cities', ENVI: 'Environment',
};

/** 开放属性 in the EU access-right vocabulary. */
export const DCAT_ACCESS_RIGHTS: Record<OpenType, string> = {
  unconditional: 'PUBLIC',
  conditional: 'RESTRICTED',
  not_open: 'NON_PUBLIC',
};

type Node = Record<string, unknown>;
const zh = (value: string) => ({ '@value': value, '@language': 'zh' });
const en = (value: string) => ({ '@value': value, '@language': 'en' });
const both = (l: { zh: string; en: string }) => [zh(l.zh), en(l.en)];
const dateTime = (d: Date) => ({ '@value': d.toISOString(), '@type': 'xsd:dateTime' });
const date = (d: string) => ({ '@value': d, '@type': 'xsd:date' });

/** The JSON-LD context of the feed. */
export const DCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

/** The IRI of an entry's dcat:Dataset (the API's by-code address: stable, since published codes never change). */
export const dcatDatasetIri = (origin: string, code: string) => `${origin}/api/v1/catalogue/by-code/${encodeURIComponent(code)}`;

/**
 * The published catalogue as a DCAT-AP 3.0 JSON-LD document: the catalogue (published by the alliance), a dataset
 * per entry (identifier = resource code, publisher = holding agency, theme = EU data theme and our sector,
 * frequency = EU frequency, access rights from 开放属性, keywords from tags, modality and tasks).
 */
export function catalogueToDcat(entries: readonly DcatEntry[], opts: DcatOptions): Node {
  const base = `${opts.origin}/api/v1/catalogue`;
  const catalogueIri = `${base}/dcat.jsonld`;
  const sectorScheme = `${base}/dcat/sectors`;
  const nodes: Node[] = [];
  const seen = new Set<string>();
  const once = (node: Node) => {
    if (seen.has(node['@id'] as string)) return;
    seen.add(node['@id'] as string);
    nodes.push(node);
  };

  const alliance = `${opts.origin}/#alliance`;
  once({ '@id': alliance, '@type': 'foaf:Agent', 'foaf:name': [zh('数据标注产业联盟'), en('Data Annotation Industry Alliance')] });
  once({ '@id': sectorScheme, '@type': 'skos:ConceptScheme', 'dct:title': [zh('公共数据标注目录领域'), en('Sectors of the public-data annotation catalogue')] });
  once({ '@id': `${EU}/data-theme`, '@type': 'skos:ConceptScheme', 'dct:title': en('Data theme') });

  const datasets: Node[] = [];
  for (const e of entries) {
    const iri = dcatDatasetIri(opts.origin, e.code);
    const agencyIri = `${base}/agencies/${e.agency.id}`;
    once({
      '@id': agencyIri, '@type': 'foaf:Agent',
      'foaf:name': e.agency.nameEn ? [zh(e.agency.name), en(e.agency.nameEn)] : zh(e.agency.name),
    });

    const sector = CATALOGUE_SECTOR_LIST.find((s) => s.code === e.sector);
    const ownTheme = `${sectorScheme}/${e.sector}`;
    once({ '@id': ownTheme, '@type': 'skos:Concept', 'skos:prefLabel': both(labelOf(CATALOGUE_SECTOR_LIST, e.sector)), 'skos:inScheme': { '@id': sectorScheme }, 'skos:notation': sector?.prefix ?? e.sector });
    const themes = [{ '@id': ownTheme }];
    const eu = DCAT_THEME[e.sector];
    if (eu) {
      once({ '@id': `${EU}/data-theme/${eu}`, '@type': 'skos:Concept', 'skos:prefLabel': en(EU_THEME_LABELS[eu] ?? eu), 'skos:inScheme': { '@id': `${EU}/data-theme` } });
      themes.unshift({ '@id': `${EU}/data-theme/${eu}` });
    }

    const frequency = `${EU}/frequency/${DCAT_FREQUENCY[e.updateFrequency]}`;
    once({ '@id': frequency, '@type': 'dct:Frequency', 'skos:prefLabel': both(labelOf(UPDATE_FREQUENCY_LIST, e.updateFrequency)) });
    const rights = `${EU}/access-right/${DCAT_ACCESS_RIGHTS[e.openType]}`;
    once({ '@id': rights, '@type': 'dct:RightsStatement' });

    const keywords = [
      ...e.tags.map(zh),
      ...both(labelOf(MODALITY_LIST, e.modality)),
      ...e.taskTypes.flatMap((t) => both(labelOf(TASK_TYPE_LIST, t))),
    ];
    const dataset: Node = {
      '@id': iri,
      '@type': 'dcat:Dataset',
      'dct:identifier': e.code,
      'dct:title': zh(e.title),
      // DCAT-AP asks for a description; an entry without a summary has none to give, so its title stands in
      'dct:description': zh(e.summary.trim() || e.title),
      'dct:publisher': { '@id': agencyIri },
      'dcat:contactPoint': {
        '@id': `${iri}#contact`, '@type': ['vcard:Kind', 'vcard:Organization'], 'vcard:fn': zh(e.agency.name),
      },
      'dcat:theme': themes,
      'dct:accrualPeriodicity': { '@id': frequency },
      'dct:accessRights': { '@id': rights },
      'dcat:keyword': keywords,
      'dct:modified': dateTime(e.updatedAt),
      ...(e.publishedAt ? { 'dct:issued': dateTime(e.publishedAt) } : {}),
      'dcat:landingPage': { '@id': `${opts.origin}/catalogue/${encodeURIComponent(e.code)}` },
    };
    once({ '@id': `${opts.origin}/catalogue/${encodeURIComponent(e.code)}`, '@type': 'foaf:Document' });
    if (e.coverageFrom || e.coverageTo) {
      dataset['dct:temporal'] = {
        '@id': `${iri}#coverage`, '@type': 'dct:PeriodOfTime',
        ...(e.coverageFrom ? { 'dcat:startDate': date(e.coverageFrom) } : {}),
        ...(e.coverageTo ? { 'dcat:endDate': date(e.coverageTo) } : {}),
      };
    }
    const county = e.county ? COUNTY_LIST.find((c) => c.code === e.county) : undefined;
    if (county) {
      const place = `${base}/dcat/counties/${county.code}`;
      once({ '@id': place, '@type': 'dct:Location', 'skos:prefLabel': both(county) });
      dataset['dct:spatial'] = { '@id': place };
    }
    datasets.push(dataset);
  }

  const modified = entries.reduce<Date | null>((m, e) => (m && m > e.updatedAt ? m : e.updatedAt), null) ?? opts.now;
  const catalogue: Node = {
    '@id': catalogueIri,
    '@type': 'dcat:Catalog',
    'dct:title': [zh('聊城市公共数据标注目录'), en('Liaocheng public-data annotation catalogue')],
    'dct:description': [
      zh('数据标注产业联盟秘书处整理的待标注公共数据资源目录：每条资源的数源部门、所属领域、更新频率、开放属性与标注状态。'),
      en('The public data awaiting annotation, curated by the secretariat of the data-annotation industry alliance: each resource with its holding agency, sector, update frequency, openness and annotation status.'),
    ],
    'dct:publisher': { '@id': alliance },
    'dcat:themeTaxonomy': [{ '@id': sectorScheme }, { '@id': `${EU}/data-theme` }],
    'dct:modified': dateTime(modified),
    'dcat:dataset': datasets.map((d) => ({ '@id': d['@id'] })),
  };
  return { '@context': DCAT_CONTEXT, '@graph': [catalogue, ...datasets, ...nodes] };
}
