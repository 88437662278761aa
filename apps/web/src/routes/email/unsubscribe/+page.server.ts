import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

// The landing page of an e-mail's unsubscribe link: works signed out (the token in the link decides). Opening it
// turns the kind off, as the e-mail's footer says it will; the page offers to turn it on again, and then leaves the
// link (so that reloading does not turn it off once more).

export const load: PageServerLoad = async ({ locals, url }) => {
  const onAgain = url.searchParams.get('on');
  if (onAgain) return { token: '', result: null, onAgain };
  const token = url.searchParams.get('t') ?? '';
  if (!token) return { token, result: null, onAgain: null };
  const res = await locals.api.unsubscribeEmail(token);
  return { token, result: res.ok ? res.data : null, onAgain: null };
};

export const actions: Actions = {
  again: async ({ request, locals }) => {
    const form = await request.formData();
    const token = String(form.get('token') ?? '');
    const mode = form.get('mode') === 'digest' ? 'digest' : 'immediate';
    const kinds = form.getAll('kind').map(String);
    const res = await locals.api.resubscribeEmail({ token, mode, ...(kinds.length ? { kinds: kinds as never } : {}) });
    if (!res.ok) return fail(res.status, { again: false });
    redirect(303, `/email/unsubscribe?on=${encodeURIComponent(res.data.kind)}`);
  },
};
