/**
 * A plan link, from its text to the acknowledgement it records (README "The physician answers in one
 * click"). Every refusal is a plain French sentence and records nothing: a forged or altered link, one
 * already used, one past its deadline, one for a plan version since replaced, one whose member is no longer
 * the pathway's attending physician or legal representative, or a plan already acknowledged by them.
 */
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { planLinkSettings, type PlanLinkSettings } from '@pathway/config';
import type { CareTeamMember, PathwaySummary } from '@pathway/domain';
import { claimPlanLink, findPathway, findPlanLinkUse, planLinkId, releasePlanLink, verifyPlanLink, type PathwayWithPatient, type PlanLinkClaims, type PlanLinkDecision } from '@pathway/persistence';
import { notePathways } from '../common/audit/audit-context';
import { ProblemException } from '../common/problem';
import { DATABASE } from '../database/database.module';
import { PathwaysService } from '../pathways/pathways.service';
import { frenchDate } from './plan-link-page';

export interface PlanLinkAnswer {
  status: number;
  refusal?: string;
  open?: { pathway: PathwayWithPatient; summary: PathwaySummary; member: CareTeamMember; claims: PlanLinkClaims; linkId: string };
}

const SIGNING_ROLES = ['ATTENDING_PHYSICIAN', 'LEGAL_REPRESENTATIVE'];

@Injectable()
export class PlanLinksService {
  private readonly settings: PlanLinkSettings = planLinkSettings();

  constructor(
    @Inject(DATABASE) private readonly db: DataSource,
    private readonly pathways: PathwaysService,
  ) {}

  /** Whether the link may be used now, and what for. */
  async check(link: string, request: Request, now = new Date()): Promise<PlanLinkAnswer> {
    const claims = verifyPlanLink(link, this.settings.secret);
    const refused = (status: number, refusal: string): PlanLinkAnswer => ({ status, refusal });
    if (!claims) return refused(HttpStatus.FORBIDDEN, 'Ce lien n’est pas valide : il a pu être mal copié ou modifié. Utilisez le lien du courriel reçu, ou contactez le dispositif MAIA.');
    notePathways(request, [claims.pathwayId]);
    const pathway = await findPathway(this.db, claims.pathwayId);
    if (!pathway) return refused(HttpStatus.NOT_FOUND, 'Ce lien ne correspond à aucun accompagnement en cours.');
    const linkId = planLinkId(link);
    const used = await findPlanLinkUse(this.db, linkId);
    if (used) return refused(HttpStatus.GONE, `Ce lien a déjà servi, le ${frenchDate(used.usedAt.toISOString())} : votre réponse est enregistrée, et un lien ne sert qu’une fois.`);
    if (Date.parse(claims.expiresAt) <= now.getTime()) {
      return refused(HttpStatus.GONE, `Ce lien a expiré le ${frenchDate(claims.expiresAt)}. Pour donner votre avis sur le plan, contactez le gestionnaire de cas.`);
    }
    if (pathway.closedAt) return refused(HttpStatus.GONE, 'L’accompagnement de cette personne est terminé : il n’y a plus de plan à valider.');
    const summary = await this.pathways.summary(pathway);
    const plan = summary.plan;
    if (!plan || plan.version !== claims.planVersion) {
      return refused(HttpStatus.GONE, `Ce lien concerne la version ${claims.planVersion} du plan, remplacée depuis par la version ${plan?.version ?? '—'} : utilisez le lien du dernier courriel reçu.`);
    }
    const member = summary.careTeam.find((m) => m.id === claims.memberId && SIGNING_ROLES.includes(m.role));
    if (!member) return refused(HttpStatus.GONE, 'Ce lien ne vous est plus destiné : le cercle de soins a changé depuis. Contactez le gestionnaire de cas.');
    if (plan.acknowledgedAt) return refused(HttpStatus.GONE, `La version ${plan.version} du plan est déjà validée : il n’y a plus rien à faire.`);
    if ((plan.acknowledgements ?? []).some((a) => a.memberId === member.id)) {
      return refused(HttpStatus.GONE, `Votre réponse sur la version ${plan.version} du plan est déjà enregistrée ; le plan attend encore l’accord de l’autre signataire.`);
    }
    return { status: HttpStatus.OK, open: { pathway, summary, member, claims, linkId } };
  }

  /**
   * Records the answer: the link's single use is claimed first (a second click, even at the same moment,
   * finds it taken), then the acknowledgement Update is sent with the link's id as its idempotency key; if
   * the step is refused or fails, the claim is given back and nothing is recorded.
   */
  async answer(open: NonNullable<PlanLinkAnswer['open']>, decision: PlanLinkDecision, comment: string | undefined): Promise<PlanLinkAnswer & { summary?: PathwaySummary }> {
    const { pathway, member, claims, linkId } = open;
    const claimed = await claimPlanLink(this.db, { linkId, pathwayId: pathway.id, memberId: member.id, planVersion: claims.planVersion, decision });
    if (!claimed) return { status: HttpStatus.GONE, refusal: 'Ce lien vient de servir : votre réponse est enregistrée, et un lien ne sert qu’une fois.' };
    try {
      const summary = await this.pathways.step(
        pathway,
        { type: 'acknowledgePlan', acknowledgedAt: new Date().toISOString(), by: member.id, ...(comment ? { comment } : {}) },
        { sub: `plan-link:${member.id}`, roles: [] },
        linkId,
      );
      return { status: HttpStatus.OK, summary };
    } catch (err) {
      await releasePlanLink(this.db, linkId);
      const status = err instanceof ProblemException ? err.getStatus() : HttpStatus.SERVICE_UNAVAILABLE;
      return {
        status,
        refusal:
          status === HttpStatus.CONFLICT
            ? 'Le plan ne peut plus être validé par ce lien : il a changé entre-temps. Contactez le gestionnaire de cas.'
            : 'Votre réponse n’a pas pu être enregistrée pour le moment : réessayez dans quelques minutes avec le même lien.',
      };
    }
  }
}
