import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Client, WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { pathwayPolicy, TemporalSettings } from '@pathway/config';
import { importedPathway, PathwayPolicy } from '@pathway/domain';
import { caseImportFacts, patientKey } from '@pathway/persistence';
import { FailureTypes, pathwayWorkflow, pathwayWorkflowId, referralRecorded } from '@pathway/workflows';
import type { Principal } from '../auth/principal';
import { uuidOfHash } from '../common/idempotency/idempotency-key';
import { DATABASE } from '../database/database.module';
import { TEMPORAL_CLIENT, TEMPORAL_SETTINGS } from '../temporal/temporal.module';
import { CaseRow, readCaseFile } from './case-csv';

/** Workflows started at once: enough to keep the worker busy, few enough not to starve the steps of the day. */
const CONCURRENCY = 8;
/** How long one row may wait for its workflow (as a referral). */
const ROW_TIMEOUT_MS = 30_000;

export type RowStatus = 'READY' | 'IMPORTED' | 'ALREADY_IMPORTED';

export interface CaseImportReport {
  dryRun: boolean;
  rows: number;
  /** Rows that would be imported (dry run) or were imported now. */
  imported: number;
  /** Rows an earlier run imported: nothing done (a re-run imports nothing twice). */
  alreadyImported: number;
  failed: number;
  errors: { line: number; identifiant: string; messages: string[] }[];
  pathways: { line: number; identifiant: string; pathwayId: string; status: RowStatus }[];
}

/** The pathway id of a row: its identity (territory, external id), whoever imports it and however often. */
export function importedPathwayId(territory: string, externalId: string): string {
  return uuidOfHash(createHash('sha256').update(`import\n${territory}\n${externalId}`).digest('hex'));
}

/**
 * Brings a territory's open cases in from the CSV template (README "Bringing a territory's open cases
 * in"). Every row is checked before anything starts: its fields, its identity (once in the file), the
 * caller's territory, the patient's open pathway, the case manager (exists, same territory, room under
 * the cap counting the file's earlier rows) and its dates (`importedPathway`). The dry run stops there.
 * The real run starts each valid row's workflow from its derived state, with a workflow id derived from
 * the row's identity: a re-run finds the rows already in the projection and starts nothing for them, so
 * an interrupted run is resumed by running it again.
 */
@Injectable()
export class CaseImportService {
  private readonly logger = new Logger('CaseImport');
  private readonly policy: PathwayPolicy = pathwayPolicy();

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TEMPORAL_SETTINGS) private readonly settings: TemporalSettings,
    @Inject(DATABASE) private readonly db: DataSource,
  ) {}

  async run(text: string, principal: Principal, dryRun: boolean): Promise<CaseImportReport> {
    const rows = readCaseFile(text);
    const now = new Date();
    const report: CaseImportReport = { dryRun, rows: rows.length, imported: 0, alreadyImported: 0, failed: 0, errors: [], pathways: [] };
    const ids = rows.map((r) => importedPathwayId(r.territory, r.externalId));
    const facts = await caseImportFacts(this.db, {
      pathwayIds: ids,
      patients: rows.map((r) => ({ territory: r.territory, externalId: r.externalId })),
      caseManagerIds: [...new Set(rows.flatMap((r) => (r.case?.caseManagerId ? [r.case.caseManagerId] : [])))],
    });
    const firstLine = new Map<string, number>();
    const planned = new Map<string, number>();
    const ready: { row: CaseRow; pathwayId: string; input: Parameters<typeof pathwayWorkflow>[0] }[] = [];
    rows.forEach((row, i) => {
      const pathwayId = ids[i];
      const errors = [...row.errors];
      const key = patientKey(row.territory, row.externalId);
      const seen = firstLine.get(key);
      if (seen !== undefined) errors.push(`identifiant ${row.externalId} déjà présent ligne ${seen} (territoire ${row.territory})`);
      else firstLine.set(key, row.line);
      if (!principal.roles.includes('admin') && row.territory && row.territory !== principal.territory) {
        errors.push(`territoire ${row.territory} : vous n'importez que les dossiers du territoire ${principal.territory ?? '(aucun)'}`);
      }
      if (!errors.length && facts.imported.has(pathwayId)) {
        report.alreadyImported += 1;
        report.pathways.push({ line: row.line, identifiant: row.externalId, pathwayId, status: 'ALREADY_IMPORTED' });
        return;
      }
      const open = facts.openPathwayOf.get(key);
      if (open) errors.push(`cette personne a déjà un parcours ouvert (${open}) : elle n'est pas importée une seconde fois`);
      const cmId = row.case?.caseManagerId;
      if (cmId && !errors.length) {
        const cm = facts.caseManagers.get(cmId);
        const taken = (cm?.active ?? 0) + (planned.get(cmId) ?? 0);
        if (!cm) errors.push(`gestionnaire ${cmId} : inconnu (à créer avant l'import)`);
        else if (cm.territory !== row.territory) errors.push(`gestionnaire ${cmId} : travaille sur le territoire ${cm.territory}, pas ${row.territory}`);
        else if (taken >= cm.capacity) errors.push(`gestionnaire ${cmId} : plafond atteint (${taken} parcours sur ${cm.capacity}, lignes précédentes du fichier comprises)`);
      }
      if (!errors.length && row.case) {
        const derived = importedPathway(pathwayId, row.case, { now, policy: this.policy, actor: `import:${principal.sub}` });
        if (!derived.ok) errors.push(...derived.errors);
        else {
          if (cmId) planned.set(cmId, (planned.get(cmId) ?? 0) + 1);
          ready.push({
            row,
            pathwayId,
            input: { pathwayId, policy: this.policy, state: derived.state, importedEvents: derived.events, recorded: false, actor: `import:${principal.sub}` },
          });
          return;
        }
      }
      report.errors.push({ line: row.line, identifiant: row.externalId, messages: errors });
    });
    if (dryRun) {
      for (const r of ready) report.pathways.push({ line: r.row.line, identifiant: r.row.externalId, pathwayId: r.pathwayId, status: 'READY' });
      report.imported = ready.length;
    } else {
      let done = 0;
      await inParallel(ready, CONCURRENCY, async (r) => {
        const problem = await this.start(r.input);
        if (problem) report.errors.push({ line: r.row.line, identifiant: r.row.externalId, messages: [problem] });
        else {
          report.imported += 1;
          report.pathways.push({ line: r.row.line, identifiant: r.row.externalId, pathwayId: r.pathwayId, status: 'IMPORTED' });
        }
        if (++done % 100 === 0 || done === ready.length) this.logger.log(`import by ${principal.sub}: ${done} / ${ready.length} rows started`);
      });
    }
    report.errors.sort((a, b) => a.line - b.line);
    report.pathways.sort((a, b) => a.line - b.line);
    report.failed = report.errors.length;
    return report;
  }

  /** Starts one row's workflow and waits until the database holds it; a problem in French, or undefined. */
  private async start(input: Parameters<typeof pathwayWorkflow>[0]): Promise<string | undefined> {
    const startWorkflowOperation = new WithStartWorkflowOperation(pathwayWorkflow, {
      workflowId: pathwayWorkflowId(input.pathwayId),
      taskQueue: this.settings.taskQueue,
      args: [input],
      // The row's identity is the id: a second run attaches to the first one's workflow.
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    try {
      await this.temporal.withDeadline(Date.now() + ROW_TIMEOUT_MS, () => this.temporal.workflow.executeUpdateWithStart(referralRecorded, { startWorkflowOperation }));
      return undefined;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return 'déjà importé puis clos : rien à faire';
      const failure = err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure ? err.cause : undefined;
      const details = (failure?.details?.[0] ?? {}) as { code?: string; openPathwayId?: string };
      if (failure?.type === FailureTypes.PATIENT_HAS_OPEN_PATHWAY) return `cette personne a déjà un parcours ouvert (${details.openPathwayId})`;
      if (failure?.type === FailureTypes.REFERRAL_NOT_RECORDED && details.code === '23514') return 'gestionnaire : plafond atteint entre-temps (rien importé pour cette ligne)';
      if (failure?.type === FailureTypes.REFERRAL_NOT_RECORDED) return `la base de données a refusé le dossier (SQLSTATE ${details.code}) : rien importé pour cette ligne`;
      this.logger.warn(`import of ${input.pathwayId} failed: ${(err as Error).message}`);
      return `non importé pour l'instant (${(err as Error).message.split('\n')[0]}) : relancez l'import, les lignes déjà importées ne le sont pas deux fois`;
    }
  }
}

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}
