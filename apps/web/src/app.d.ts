import type { ApiClient } from '@annex/api-client';
import type { Me } from '@annex/contracts';
import type { Locale } from '#lib/paraglide/runtime.js';

declare global {
  namespace App {
    interface Locals {
      /** the signed-in user with organisation and role, or null */
      me: Me | null;
      locale: Locale;
      /** the API client acting for this request's user */
      api: ApiClient;
    }
  }
}
