import { type Logger, pino } from 'pino';

// Belt and braces: no code logs these, but a careless `log.info({ body })` must still not leak them.
const REDACT = [
  'password', 'currentPassword', 'newPassword', 'passwordHash', 'token', 'cookie', 'authorization',
  '*.password', '*.currentPassword', '*.newPassword', '*.passwordHash', '*.token', '*.cookie', '*.authorization',
  'headers.cookie', 'headers.authorization', '*.headers.cookie', '*.headers.authorization', '*["set-cookie"]',
  // bid amounts are sealed until the deadline: never in a log line, whatever is logged by mistake
  'totalPriceFen', 'unitPriceFen', '*.totalPriceFen', '*.unitPriceFen', '*.offer', '*.quoteLines',
];

/** The API's logger: JSON lines on stdout. */
export function createLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service: 'annex-api' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    opts.destination ?? pino.destination(1),
  );
}
