/**
 * The settings the HTTP app reads. The runtime's full config (config.ts) is a superset of this,
 * so it can be passed to createApp as it is.
 */
export type AppConfig = {
  /** the origin browsers use, e.g. http://localhost:3000 or https://annex.example.cn */
  publicOrigin: string;
  /** Secure cookies with the __Host- prefix (production over https) */
  secureCookies: boolean;
  sessionIdleDays: number;
  sessionAbsoluteDays: number;
  secretariatAbsoluteHours: number;
};
