export * from './schema';
export * from './settings';
