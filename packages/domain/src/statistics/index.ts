export * from './quarter.ts';
export * from './period.ts';
export * from './report.ts';
export * from './kpi.ts';
export * from './targets.ts';
export * from './kpi-progress.ts';
