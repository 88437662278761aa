import { CERTIFICATIONS, type Certification } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { CERTIFICATION } from '#lib/i18n.ts';

/** Why a vendor may not bid, from the `reasons` of a `not_eligible` problem, in the user's language. */
export function ineligibleReasons(reasons: readonly { code: string; [k: string]: unknown }[] | undefined): string[] {
  return (reasons ?? []).map((r) => {
    switch (r.code) {
      case 'not_verified':
        return m.inel_not_verified();
      case 'suspended':
        return m.inel_suspended();
      case 'own_order':
        return m.inel_own_order();
      case 'missing_certification': {
        const c = r.certification as string;
        return m.inel_missing_certification({ cert: (CERTIFICATIONS as readonly string[]).includes(c) ? CERTIFICATION[c as Certification]() : c });
      }
      case 'headcount_below_minimum':
        return m.inel_headcount({ required: Number(r.required ?? 0), actual: Number(r.actual ?? 0) });
      case 'no_secure_room':
        return m.inel_no_secure_room();
      case 'security_certification_required':
        return m.inel_security_cert();
      default:
        return r.code;
    }
  });
}
