export * from './metrics-server';
export * from './tracing';
export * from './workflow-spans';
