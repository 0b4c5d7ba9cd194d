// The workflow bundle's entry point: every workflow type the worker registers.
export { pathwayWorkflow } from './pathway.workflow';
export { absenceWorkflow } from './absence.workflow';
