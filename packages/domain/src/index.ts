export * from './result.ts';
export * from './uscc.ts';
export * from './regions.ts';
export * from './capability.ts';
export * from './organisation.ts';
export * from './password.ts';
