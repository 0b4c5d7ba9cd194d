export * from './schema';
export * from './settings';
export * from './plan-links';
