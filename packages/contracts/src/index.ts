export * from './errors.ts';
export * from './common.ts';
export * from './auth.ts';
export * from './organisations.ts';
export * from './orders.ts';
export * from './marketplace.ts';
export * from './search.ts';
export * from './matching.ts';
