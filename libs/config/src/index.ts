export * from './schema';
export * from './settings';
export * from './logger';
export * from './readiness';
export * from './plan-links';
