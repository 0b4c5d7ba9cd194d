// What every step module needs to call the API the same way.
import { stageLabel } from '../labels';

/** The request's path and its Idempotency-Key (a retry of the same click changes nothing). */
export const pathOf = (id: string, key: string) => ({ path: { id }, header: { 'Idempotency-Key': key } });

export const stageNow = (stage: string) => `Le parcours est maintenant à l’étape « ${stageLabel(stage)} ».`;
