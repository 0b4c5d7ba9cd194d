// What tests of every project share: waiting for an event instead of sleeping.
export * from './eventually';
