export * from './messages';
export * from './search-attributes';
export type * from './activities';
export { pathwayWorkflow } from './pathway.workflow';

/** Path of the workflow bundle's entry, for `bundleWorkflowCode` / `Worker.create({ workflowsPath })`. */
export const workflowsPath = require.resolve('./workflows');

/** Path of the failure converter that encodes failure messages, for the worker's and the client's data converter. */
export const failureConverterPath = require.resolve('./failure-converter');
export * from './absence.workflow';
