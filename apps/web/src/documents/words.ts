// French words of the documents panel. No imports: a spec reads it outside the browser build.

export const DOCUMENT_KINDS = {
  DISCHARGE_LETTER: 'Compte rendu de sortie d’hospitalisation',
  MEDICAL_CERTIFICATE: 'Certificat médical',
  APA_NOTIFICATION: 'Notification APA',
  COURT_RULING: 'Jugement (protection juridique)',
  SIGNED_PLAN: 'Plan d’aide signé',
  OTHER: 'Autre document',
} as const;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

const UNITS = ['o', 'ko', 'Mo'];

/** 48213 → "47,1 ko": sizes as a French reader writes them. */
export function sizeFr(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 ? String(value) : value.toFixed(1).replace('.', ',');
  return `${shown} ${UNITS[unit]}`;
}

/** What the server accepts (it reads the type from the content; this only spares a useless upload). */
export const ACCEPTED = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';
export const MAX_BYTES = 10 * 1024 * 1024;
