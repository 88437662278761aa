import type { CreateApiTokenRequest } from '@annex/contracts';
import { TOKEN_NAME_MAX, TOKEN_SCOPES, type TokenScope, checkTokenTerms } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { textRule } from '#lib/validation.ts';

// The new-token form: read from the post, checked by the domain's own rule, errors in the user's language.

export type TokenFormValues = { name: string; scopes: TokenScope[]; expiresOn: string; sources: string };
export type TokenFormErrors = Partial<Record<'name' | 'scopes' | 'expiresOn' | 'sources', string>>;

/** A date picked in the form means the end of that day in Beijing time. */
export const endOfBeijingDay = (date: string) => new Date(`${date}T23:59:59+08:00`);

const sourcesOf = (text: string) => text.split(/[\s,;，；]+/).map((s) => s.trim()).filter((s) => s !== '');

export function readTokenForm(data: FormData): TokenFormValues {
  const text = (k: string) => (typeof data.get(k) === 'string' ? (data.get(k) as string) : '');
  const picked = new Set(data.getAll('scopes').filter((s): s is string => typeof s === 'string'));
  return { name: text('name'), scopes: TOKEN_SCOPES.filter((s) => picked.has(s)), expiresOn: text('expiresOn'), sources: text('sources') };
}

/** The form's problems at `now`, each on its field (empty: fine). */
export function tokenFormErrors(v: TokenFormValues, now: Date): TokenFormErrors {
  const errors: TokenFormErrors = {};
  const name = textRule(1, TOKEN_NAME_MAX)(v.name);
  if (name) errors.name = name;
  const sources = sourcesOf(v.sources);
  const expiresAt = /^\d{4}-\d{2}-\d{2}$/.test(v.expiresOn) ? endOfBeijingDay(v.expiresOn) : null;
  if (!expiresAt || Number.isNaN(expiresAt.getTime())) errors.expiresOn = m.v_required();
  for (const p of checkTokenTerms({ scopes: v.scopes, expiresAt: expiresAt ?? now, allowedSources: sources }, now)) {
    if (p.error === 'no_scopes' || p.error === 'unknown_scope') errors.scopes ??= m.tok_err_no_scopes();
    else if (p.error === 'expiry_too_soon' && expiresAt) errors.expiresOn ??= m.tok_err_expiry_too_soon();
    else if (p.error === 'expiry_too_late') errors.expiresOn ??= m.tok_err_expiry_too_late();
    else if (p.error === 'too_many_sources') errors.sources ??= m.tok_err_too_many_sources();
    else if (p.error === 'invalid_source') errors.sources ??= m.tok_err_invalid_source({ value: sources[Number(p.path.split('.')[1])] ?? '' });
  }
  return errors;
}

/** The API's request for a checked form. */
export const tokenRequest = (v: TokenFormValues): CreateApiTokenRequest => ({
  name: v.name.trim(),
  scopes: v.scopes,
  expiresAt: endOfBeijingDay(v.expiresOn).toISOString(),
  allowedSources: sourcesOf(v.sources),
});
