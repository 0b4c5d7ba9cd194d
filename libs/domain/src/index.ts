export * from './durations';
export * from './stages';
export * from './policy';
export * from './policy-change';
export * from './input-types';
// The single-field checks stay behind `fieldErrors`, as they were; the date-order rules by name.
export { fieldErrors, illFormedTextErrors, isIsoDateTime } from './field-checks';
export type { FieldError } from './field-checks';
export {
  acknowledgementNotBeforePlan,
  dischargeNotBeforeAdmission,
  endsAfter,
  filingNotBeforeCertificate,
  notBefore,
  notBeforeReferral,
  referralNotBeforeBirth,
} from './date-order';
export * from './step-fields';
export * from './absence-fields';
export * from './calendar-days';
export * from './field-rules';
export * from './ins';
export * from './clocks';
export * from './state';
export * from './commands';
export * from './decide';
export * from './timers';
export * from './summary';
export * from './imported-pathway';
export * from './notifications';
export * from './reminder-relevance';
export * from './closed-pathway';
export * from './waiting-list';
export * from './absence-cover';
export * from './appointments';
export * from './work-ahead';
export * from './documents';
export * from './professional-ids';
export * from './care-team';
export * from './professional-view';
export * from './provider-notices';
export * from './co-signature';
