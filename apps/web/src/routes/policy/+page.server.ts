import type { PolicyCategory } from '@annex/domain';
import { problemMessage } from '#lib/i18n.ts';
import { optional } from '#lib/server/page.ts';
import { CATEGORY_CODES } from '#lib/policy-text.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;
/** Hints shown beside the list: the likeliest services of the signed-in firm. */
const HINTS_SHOWN = 5;

/** A row of the list, from the search (with highlights) or, when search is down, from the plain list. */
type Row = { id: string; name: string; category: string; agencies: string[]; timeLimitDays: number | null; nameHtml: string | null; summaryHtml: string | null };

// /policy is the search over the 办事指南 with facets category and agency; when search is down it lists plainly.
export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  const p = url.searchParams;
  const q = (p.get('q') ?? '').trim().slice(0, 200);
  const category = p.getAll('category').filter((c): c is PolicyCategory => (CATEGORY_CODES as readonly string[]).includes(c));
  const agency = p.getAll('agency').map((a) => a.trim()).filter((a) => a.length > 0 && a.length <= 60).slice(0, 20);
  const cursor = p.get('cursor');
  const kind = locals.me?.organisation.kind;
  const member = kind === 'buyer' || kind === 'vendor';

  const [res, eligibility] = await Promise.all([
    locals.api.searchPolicyServices({ q: q || null, category, agency, cursor, limit: PAGE_SIZE }),
    member ? locals.api.policyEligibility().then((r) => optional(r, cookies)) : null,
  ]);
  let rows: Row[] = [];
  let facets: Record<string, Record<string, number>> | null = null;
  let total: number | null = null;
  let nextCursor: string | null = null;
  let listError: string | null = null;
  let searchDown = false;
  if (res.ok) {
    rows = res.data.items.map((h) => ({ ...h, nameHtml: h.highlight.name ?? null, summaryHtml: h.highlight.summary ?? null }));
    facets = res.data.facets;
    total = res.data.total;
    nextCursor = res.data.nextCursor;
  } else if (res.status === 503) {
    searchDown = true;
    const plain = await locals.api.policyServices({ category: category[0], agency: agency[0], cursor, limit: PAGE_SIZE });
    if (plain.ok) {
      rows = plain.data.items.map((s) => ({ ...s, nameHtml: null, summaryHtml: null }));
      nextCursor = plain.data.nextCursor;
    } else listError = problemMessage(plain.problem, plain.retryAfterSeconds);
  } else listError = problemMessage(res.problem, res.retryAfterSeconds);

  return {
    q, category, agency, cursor, rows, facets, total, nextCursor, listError, searchDown,
    hints: eligibility ? eligibility.items.filter((i) => i.eligibility.verdict === 'likely_eligible').slice(0, HINTS_SHOWN) : null,
    missingFacts: eligibility?.missingFacts ?? [],
  };
};
