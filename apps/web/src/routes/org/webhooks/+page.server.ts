import { canManageTokens, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@annex/domain';
import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { problemMessage } from '#lib/i18n.ts';
import { relayCookies } from '#lib/server/api.ts';
import { listPage, must, requireMe } from '#lib/server/page.ts';
import type { Actions, PageServerLoad } from './$types';

/** The owners who manage tokens manage webhooks too (the same domain rule). */
function requireOwner(locals: App.Locals, url: URL) {
  const me = requireMe(locals, url);
  if (!canManageTokens({ kind: me.organisation.kind, role: me.role })) error(403, m.tok_owner_only());
  return me;
}

const text = (data: FormData, k: string) => (typeof data.get(k) === 'string' ? (data.get(k) as string).trim() : '');

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
  requireOwner(locals, url);
  const list = must(await locals.api.webhooks(), cookies, url);
  const find = (key: string) => list.items.find((s) => s.id === url.searchParams.get(key)) ?? null;
  const logOf = find('log');
  const cursor = url.searchParams.get('cursor');
  return {
    items: list.items,
    eventTypes: WEBHOOK_EVENT_TYPES,
    rotating: find('rotate'),
    logOf,
    log: logOf ? listPage(await locals.api.webhookDeliveries(logOf.id, { cursor, limit: 20 }), cookies, url) : null,
    cursor,
    done: url.searchParams.get('done'),
  };
};

export const actions: Actions = {
  create: async ({ request, locals, cookies, url }) => {
    requireOwner(locals, url);
    const data = await request.formData();
    const picked = new Set(data.getAll('eventTypes'));
    const values = { url: text(data, 'url'), description: text(data, 'description'), eventTypes: WEBHOOK_EVENT_TYPES.filter((t) => picked.has(t)) as WebhookEventType[] };
    type Errors = { url?: string; eventTypes?: string };
    const errors: Errors = {};
    if (!/^https?:\/\/\S+$/.test(values.url) || values.url.length > 2000) errors.url = m.wh_err_url();
    if (values.eventTypes.length === 0) errors.eventTypes = m.wh_err_events();
    if (Object.keys(errors).length > 0) return fail(400, { create: { values, errors, formError: null as string | null } });
    const res = await locals.api.createWebhook(values);
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { create: { values, errors: {} as Errors, formError: problemMessage(res.problem, res.retryAfterSeconds) } });
    return { secret: { id: res.data.subscription.id, value: res.data.secret } };
  },

  toggle: async ({ request, locals, cookies, url }) => {
    requireOwner(locals, url);
    const data = await request.formData();
    const res = await locals.api.updateWebhook(text(data, 'id'), { active: text(data, 'active') === 'true' });
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { error: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, '/org/webhooks?done=saved');
  },

  rotate: async ({ request, locals, cookies, url }) => {
    requireOwner(locals, url);
    const res = await locals.api.rotateWebhookSecret(text(await request.formData(), 'id'));
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { error: problemMessage(res.problem, res.retryAfterSeconds) });
    // the new secret goes into this answer only
    return { secret: { id: res.data.subscription.id, value: res.data.secret } };
  },

  redeliver: async ({ request, locals, cookies, url }) => {
    requireOwner(locals, url);
    const data = await request.formData();
    const id = text(data, 'id');
    const res = await locals.api.redeliverWebhook(id, text(data, 'deliveryId'));
    relayCookies(cookies, res);
    if (!res.ok) return fail(res.status, { error: problemMessage(res.problem, res.retryAfterSeconds) });
    redirect(303, `/org/webhooks?${new URLSearchParams({ log: id, done: 'redelivered' })}#wh-log`);
  },
};
