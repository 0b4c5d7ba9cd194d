/**
 * The national identifiers of the people and facilities of a care team, format-checked before they are
 * recorded (a typo would map a Pro Santé Connect sign-in to nobody, or to someone else):
 * - RPPS (Répertoire partagé des professionnels de santé, ANS): 11 digits, the last being the Luhn key
 *   of the first ten (ANS, "Numéro RPPS : 11 caractères numériques, le dernier étant la clé de Luhn").
 * - FINESS (Fichier national des établissements sanitaires et sociaux): 9 characters, the département
 *   (2 digits, or 2A / 2B in Corsica), 6 digits, and a Luhn key of the first eight. For Corsica the key
 *   is computed with 2A and 2B read as 20 (our reading; no Corsican number was at hand to check it).
 */
import type { FieldError } from './field-checks';

/** The Luhn check (ISO/IEC 7812-1) of a string of digits whose last digit is the key. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function rppsProblem(field: string, value: unknown): FieldError | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !/^\d{11}$/.test(value)) return { field, message: `${field} must be an RPPS number: 11 digits` };
  if (!luhnValid(value)) return { field, message: `${field} (${value}) is not an RPPS number: its last digit is not the Luhn key of the first ten` };
  return undefined;
}

export function finessProblem(field: string, value: unknown): FieldError | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !/^(\d{2}|2A|2B)\d{7}$/.test(value)) {
    return { field, message: `${field} must be a FINESS number: 9 characters, the département (2 digits, 2A or 2B) then 7 digits` };
  }
  if (!luhnValid(value.replace(/^2[AB]/, '20'))) return { field, message: `${field} (${value}) is not a FINESS number: its last digit is not the key of the first eight` };
  return undefined;
}
