import { type CatalogueEntry, MAX_DESCRIPTION_CHARS } from '@annex/contracts';
import { orderDraftFromEntry } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { CAT, agencyName, formatVolume } from '#lib/catalogue-text.ts';
import { catalogueEntryHref } from '#lib/catalogue-search.ts';
import type { OrderValues } from '#lib/order-form.ts';

/** How much of an entry's summary an order's description quotes: the order is about the work, not the data. */
const QUOTE_CHARS = 1200;

/** The entry's summary as a Markdown quote, cut at a line end where it is long. */
function quote(markdown: string): string {
  let text = markdown.trim();
  if (text.length > QUOTE_CHARS) text = `${text.slice(0, QUOTE_CHARS).replace(/\n[^\n]*$/, '')}…`;
  return text
    .split('\n')
    .map((line) => (line.trim() ? `> ${line}` : '>'))
    .join('\n');
}

/**
 * The first step of the order wizard filled in from a catalogue entry (the domain's `orderDraftFromEntry`: title,
 * modality, suggested task types, tags with the resource code), and a description that names and quotes the entry
 * for the buyer to complete.
 */
export function orderValuesFromEntry(e: CatalogueEntry): Pick<OrderValues, 'title' | 'modality' | 'taskTypes' | 'description' | 'tags'> {
  const d = orderDraftFromEntry(e);
  const facts = [
    `${m.cat_f_agency()}：${agencyName(e.agency)}`,
    `${m.cat_volume()}：${formatVolume(e.volume)}`,
    `${m.cat_f_open_type()}：${CAT.open(e.openType)}`,
    ...(e.accessConditions.trim() ? [`${m.cat_f_access()}：${e.accessConditions.trim().replace(/\s*\n\s*/g, ' ')}`] : []),
  ];
  const description = [
    m.cat_order_description_intro({ code: e.code, title: e.title, href: catalogueEntryHref(e.code) }),
    ...(e.summary.trim() ? [quote(e.summary)] : []),
    facts.map((f) => `- ${f}`).join('\n'),
    m.cat_order_description_todo(),
  ].join('\n\n');
  return {
    title: d.title,
    modality: d.modality,
    taskTypes: d.taskTypes.join(','),
    description: description.slice(0, MAX_DESCRIPTION_CHARS),
    tags: d.tags.join('，'),
  };
}
