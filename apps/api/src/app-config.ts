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
  /** Shortest bidding window an order may have, also after an amendment (MIN_BID_WINDOW_SECONDS). */
  minBidWindowSeconds: number;
  /** Days after the bid deadline in which the buyer must award (AWARD_WINDOW_DAYS). */
  awardWindowDays: number;
  /** Length of the award's publicity window (PUBLICITY_SECONDS). */
  publicitySeconds: number;
  /** Days before today a new statistics period's due date may lie (STATISTICS_DUE_BACKDATE_DAYS): tests only; unset, 0. */
  statisticsDueBackdateDays?: number;
  /** The prefix of every open-data (OCDS) contracting process id, `<prefix>-<order id>` (OCDS_OCID_PREFIX). */
  ocidPrefix: string;
  /** Working days the buyer has to decide on a delivered batch; then it is accepted (REVIEW_WINDOW_WORKING_DAYS). */
  reviewWindowWorkingDays: number;
  /** Requests one API token may make per minute, all API processes together (API_TOKEN_RATE_PER_MINUTE). */
  apiTokenRatePerMinute: number;
  /** Webhooks may reach loopback and private addresses (WEBHOOK_ALLOW_PRIVATE_DESTINATIONS): tests and closed networks only. */
  webhookAllowPrivateDestinations: boolean;
  /** The SMTP server e-mails go to (SMTP_URL); unset: the embedded mode writes them to the log and the outbox only. */
  smtpUrl?: string | undefined;
  /** The data directory; attachments live in `<dataDir>/files` unless the app is given a storage. */
  dataDir: string;
  /** The bearer token of GET /metrics (Prometheus); without one the route does not exist. */
  metricsToken?: string | null;
};
