import { problemMessage } from '#lib/i18n.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
  if (!q) return { q, result: null, unavailable: false, error: null };
  const res = await locals.api.search(q, 10);
  if (res.ok) return { q, result: res.data, unavailable: false, error: null };
  return {
    q,
    result: null,
    unavailable: res.status === 503,
    error: res.status === 503 ? null : problemMessage(res.problem, res.retryAfterSeconds),
  };
};
