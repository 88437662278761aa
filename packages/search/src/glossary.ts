import { readFileSync } from 'node:fs';
import { MODALITIES, type Modality, TASK_TYPES, type TaskType } from '@annex/domain';

/** Where the industry glossary lives: one group of equivalent terms per line, ` | ` between terms. */
export const GLOSSARY_FILE = new URL('../data/glossary.txt', import.meta.url);

/** A modality or task type code the glossary can name. */
export type GlossaryCode = Modality | TaskType;

/** One line of the glossary: equivalent terms (as written), and the codes they name (may be none). */
export type GlossaryGroup = { codes: GlossaryCode[]; terms: string[] };

const CODES = new Set<string>([...MODALITIES, ...TASK_TYPES]);
const HAN = /\p{Script=Han}/u;

/**
 * Parses the glossary text (`[code …] term | term …` per line, `#` comments); throws on an unknown code and
 * on a term that appears in two groups (the groups would merge silently).
 */
export function parseGlossary(text: string): GlossaryGroup[] {
  const groups: GlossaryGroup[] = [];
  const seen = new Map<string, number>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const tagged = /^\[([^\]]*)\]\s*(.*)$/.exec(line);
    const codes = (tagged?.[1] ?? '').split(/\s+/).filter(Boolean);
    for (const code of codes) {
      if (!CODES.has(code)) throw new Error(`glossary line ${index + 1}: "${code}" is no modality or task type`);
    }
    const terms = (tagged?.[2] ?? line).split('|').map((t) => t.trim()).filter(Boolean);
    if (terms.length < 2) throw new Error(`glossary line ${index + 1}: a group needs at least two terms`);
    for (const term of terms) {
      const key = term.toLowerCase();
      const other = seen.get(key);
      if (other !== undefined) throw new Error(`glossary line ${index + 1}: "${term}" is also on line ${other}`);
      seen.set(key, index + 1);
    }
    groups.push({ codes: codes as GlossaryCode[], terms });
  });
  return groups;
}

/** Meilisearch's synonyms setting for the groups: every term (lower case) maps to all the others of its group. */
export function synonymMap(groups: readonly GlossaryGroup[]): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const { terms } of groups) {
    const lower = terms.map((t) => t.toLowerCase());
    for (const term of lower) map[term] = lower.filter((other) => other !== term);
  }
  return map;
}

/** The terms with Chinese characters: the segmenter keeps them whole (Meilisearch's `dictionary` setting). */
export function chineseTerms(groups: readonly GlossaryGroup[]): string[] {
  return groups.flatMap((g) => g.terms.filter((t) => HAN.test(t)));
}

/**
 * The names of each code indexed with its orders and vendors: the first term of each of its groups (the synonyms
 * reach the other terms) and the Latin ones (typos are forgiven only in words that are in the index).
 */
export function namesByCode(groups: readonly GlossaryGroup[]): Record<GlossaryCode, string[]> {
  const names = Object.fromEntries([...CODES].map((c) => [c, [] as string[]])) as Record<GlossaryCode, string[]>;
  for (const g of groups) {
    const indexed = g.terms.filter((t, i) => i === 0 || !HAN.test(t));
    for (const code of g.codes) names[code].push(...indexed);
  }
  return names;
}

/** The text of data/glossary.txt. */
export const GLOSSARY_TEXT = readFileSync(GLOSSARY_FILE, 'utf8');

/** The glossary of data/glossary.txt. */
export const GLOSSARY: readonly GlossaryGroup[] = parseGlossary(GLOSSARY_TEXT);
