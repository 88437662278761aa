/** A piece of highlighted text: plain text, and whether the search matched it. */
export type Segment = { text: string; mark: boolean };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'", '#x2F': '/', '#47': '/' };

function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#39|#x27|#x2F|#47);/gi, (all, name: string) => ENTITIES[name] ?? ENTITIES[name.toLowerCase()] ?? all);
}

/**
 * Splits the API's highlight (HTML-escaped text with `<mark>` around matches) into text pieces, so the page
 * renders them as text nodes and never inserts the API's HTML; anything that is not a mark tag stays literal text.
 * Without a highlight the fallback is one plain piece.
 */
export function segments(highlight: string | null | undefined, fallback = ''): Segment[] {
  if (!highlight) return fallback ? [{ text: fallback, mark: false }] : [];
  const out: Segment[] = [];
  let mark = false;
  for (const part of highlight.split(/(<\/?mark>)/i)) {
    const tag = part.toLowerCase();
    if (tag === '<mark>') mark = true;
    else if (tag === '</mark>') mark = false;
    else if (part) out.push({ text: decodeEntities(part), mark });
  }
  return out;
}

/** A highlight as plain text (for titles and labels). */
export function plain(highlight: string | null | undefined, fallback = ''): string {
  return segments(highlight, fallback)
    .map((s) => s.text)
    .join('');
}
