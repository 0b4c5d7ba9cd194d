// Every step of API.md the pathway page can take, grouped as a case manager thinks of them.
import type { ReactElement } from 'react';
import type { PathwaySummary } from '../api/client';
import type { StepKey } from './availability';
import * as agenda from './agenda';
import * as apa from './apa';
import * as careTeam from './care-team';
import * as crisis from './crisis';
import { titleOf, type AnyStepSpec, type StepContext } from './form';
import * as hospital from './hospital';
import * as legal from './legal';
import * as nursingHome from './nursing-home';
import * as pathway from './pathway-steps';
import { PlanForm } from './PlanForm';
import * as respite from './respite';
import { StepForm } from './StepForm';

export interface FormProps {
  ctx: StepContext;
  /** The step was accepted: the new summary, and the confirmation to show (once, by the panel). */
  onRecorded: (summary: PathwaySummary, confirmation: string) => void;
  onClose?: () => void;
  /** The server refused the step as not possible now (409): the page may be behind, it reads the pathway again. */
  onOutdated?: () => void;
  /** Whether something is typed in the form, said each time it changes. */
  onTyped?: (typed: boolean) => void;
  focusOnOpen?: boolean;
  /** A sentence on top of the form (its step is no longer offered at this stage). */
  notice?: string;
}

export interface StepEntry {
  key: StepKey;
  title: (ctx: StepContext) => string;
  render: (props: FormProps) => ReactElement;
}

const PLAN_TITLE = (ctx: StepContext) => (ctx.summary.plan ? 'Nouvelle version du plan d’aide (PSI)' : 'Plan d’aide (PSI)');

const entry = (spec: AnyStepSpec): StepEntry => ({ key: spec.key, title: (ctx) => titleOf(spec, ctx), render: (props) => <StepForm spec={spec} {...props} /> });

export const STEP_GROUPS: Array<{ title: string; steps: StepEntry[] }> = [
  {
    title: 'Parcours',
    steps: [
      entry(pathway.decideEligibility),
      entry(pathway.assignCaseManager),
      entry(pathway.recordConsent),
      entry(pathway.recordAssessment),
      { key: 'recordPlan', title: PLAN_TITLE, render: (props) => <PlanForm {...props} /> },
      entry(pathway.acknowledgePlan),
      entry(pathway.logContact),
    ],
  },
  { title: 'Rendez-vous', steps: [agenda.bookAppointment, agenda.recordAppointmentOutcome, agenda.rescheduleAppointment, agenda.cancelAppointment].map(entry) },
  { title: 'Cercle de soins', steps: [careTeam.addCareTeamMember, careTeam.updateCareTeamMember, careTeam.removeCareTeamMember].map(entry) },
  { title: 'Hospitalisation', steps: [hospital.admitToHospital, hospital.dischargeFromHospital, hospital.recordDischargeLetter, hospital.confirmServicesRestarted].map(entry) },
  { title: 'Répit', steps: [respite.planRespite, respite.cancelRespite].map(entry) },
  { title: 'Crise', steps: [crisis.openCrisis, crisis.recordCrisisAction, crisis.resolveCrisis].map(entry) },
  { title: 'APA', steps: [apa.submitApaApplication, apa.acknowledgeApaApplication, apa.decideApaApplication, apa.declareApaProvider].map(entry) },
  { title: 'Protection juridique', steps: [legal.requestLegalProtection, legal.fileLegalProtectionRequest, legal.recordLegalProtectionRuling].map(entry) },
  {
    title: 'Établissement (EHPAD)',
    steps: [nursingHome.submitNursingHomeApplication, nursingHome.completeNursingHomeMedicalPart, nursingHome.decideNursingHomeApplication, pathway.admitToInstitution].map(entry),
  },
  { title: 'Clôture', steps: [entry(pathway.closePathway)] },
];

export const STEP_ENTRIES: Record<StepKey, StepEntry> = Object.fromEntries(STEP_GROUPS.flatMap((g) => g.steps.map((s) => [s.key, s]))) as Record<StepKey, StepEntry>;
