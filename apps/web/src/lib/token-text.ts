import type { ApiToken } from '@annex/contracts';
import { TOKEN_SCOPES, type TokenScope } from '@annex/domain';
import type { Tone } from '#lib/i18n.ts';
import { m } from '#lib/paraglide/messages.js';

// API tokens in words: what each scope lets a token do, and a token's status.

/** Every scope in the order the form lists them (by family, reading before writing). */
export const SCOPES_IN_ORDER: readonly TokenScope[] = TOKEN_SCOPES;

/** One sentence a scope: what a token with it may do. */
export const scopeSentence = (s: TokenScope): string =>
  ({
    'orders:read': m.tok_scope_orders_read,
    'orders:write': m.tok_scope_orders_write,
    'bids:read': m.tok_scope_bids_read,
    'bids:write': m.tok_scope_bids_write,
    'contracts:read': m.tok_scope_contracts_read,
    'contracts:write': m.tok_scope_contracts_write,
    'catalogue:read': m.tok_scope_catalogue_read,
    'catalogue:write': m.tok_scope_catalogue_write,
    'policy:read': m.tok_scope_policy_read,
    'policy:write': m.tok_scope_policy_write,
    'organisation:read': m.tok_scope_organisation_read,
    'organisation:write': m.tok_scope_organisation_write,
    'notifications:read': m.tok_scope_notifications_read,
    'notifications:write': m.tok_scope_notifications_write,
    'webhooks:manage': m.tok_scope_webhooks_manage,
  })[s]();

/** A token's status as a badge: its words and tone. */
export const tokenStatus = (s: ApiToken['status']): { label: string; tone: Tone } =>
  s === 'live' ? { label: m.tok_status_live(), tone: 'success' } : s === 'expired' ? { label: m.tok_status_expired(), tone: 'muted' } : { label: m.tok_status_revoked(), tone: 'danger' };
