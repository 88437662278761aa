import { Email } from '@annex/contracts';
import { m } from '#lib/paraglide/messages.js';
import type { Rule } from '#lib/validation.ts';

// Apart from validation.ts: it checks with the contracts' zod schema, and only the pages with an e-mail
// field should load zod in the browser.
export const emailRule: Rule = (v) => {
  if (v.trim() === '') return m.v_required();
  return Email.safeParse(v).success ? null : m.v_email();
};
