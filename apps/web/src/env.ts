import { defineEnvVars } from '@sveltejs/kit/env';

const origin = (name: string) => (value: string | undefined) => {
  const v = (value ?? '').trim();
  if (v === '') return undefined;
  try {
    return new URL(v).origin;
  } catch {
    throw new Error(`${name} must be an origin such as http://localhost:3000, not ${JSON.stringify(v)}`);
  }
};

/** Server-only settings of the web process, read when it starts. */
export const variables = defineEnvVars({
  API_ORIGIN: {
    description: 'Where the web server reaches the API (server-side calls and the /api proxy).',
    schema: (value) => origin('API_ORIGIN')(value) ?? 'http://127.0.0.1:3001',
  },
  ORIGIN: {
    description:
      'The origin browsers use for this site (e.g. https://annex.example.cn). Form posts must come from it, and it is the Origin the web sends to the API. Unset: the Host header of each request.',
    schema: origin('ORIGIN'),
  },
  PUBLIC_ORIGIN: {
    description: 'Fallback for ORIGIN (the same variable the API reads).',
    schema: origin('PUBLIC_ORIGIN'),
  },
});
