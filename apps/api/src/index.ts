export { createApp, MAX_BODY_BYTES, type AppDeps, type App } from './app.ts';
export type { AppConfig } from './app-config.ts';
export { createLogger } from './logger.ts';
export { startScheduler, type Scheduler, type TickReport } from './scheduler.ts';
