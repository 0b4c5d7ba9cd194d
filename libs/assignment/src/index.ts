export * from './conditional-assignment';
