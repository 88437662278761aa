import { readFileSync } from 'node:fs';

/** Where the industry glossary lives: one group of equivalent terms per line, ` | ` between terms. */
export const SYNONYMS_FILE = new URL('../data/synonyms.txt', import.meta.url);

/** Parses the glossary text; throws on a term that appears in two groups (the groups would merge silently). */
export function parseSynonymGroups(text: string): string[][] {
  const groups: string[][] = [];
  const seen = new Map<string, number>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const terms = line.split('|').map((t) => t.trim().toLowerCase()).filter(Boolean);
    if (terms.length < 2) throw new Error(`synonyms line ${index + 1}: a group needs at least two terms`);
    for (const term of terms) {
      const other = seen.get(term);
      if (other !== undefined) throw new Error(`synonyms line ${index + 1}: "${term}" is also on line ${other}`);
      seen.set(term, index + 1);
    }
    groups.push(terms);
  });
  return groups;
}

/** Meilisearch's synonyms setting for the groups: every term maps to all the others of its group. */
export function synonymMap(groups: readonly string[][]): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const group of groups) {
    for (const term of group) map[term] = group.filter((other) => other !== term);
  }
  return map;
}

/** The glossary of data/synonyms.txt. */
export function loadSynonymGroups(): string[][] {
  return parseSynonymGroups(readFileSync(SYNONYMS_FILE, 'utf8'));
}
