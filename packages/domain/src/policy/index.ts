export * from './case.ts';
export * from './materials.ts';
export * from './working-days.ts';
export * from './service.ts';
export * from './eligibility.ts';
export * from './queue.ts';
