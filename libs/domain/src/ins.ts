/**
 * The INS (Identifiant National de Santé) of a person, as the referral may give it: the NIR (or NIA)
 * the matricule INS is made of — 13 characters — followed by its 2-digit key, 15 characters in all,
 * without spaces (e.g. `184127645108946`). Compulsory on every health record France exchanges, so
 * it is checked where it enters (the API's DTO and the workflow's referral validation both call here).
 *
 * What is checked, and how far (kept simple on purpose, the key catches typing errors):
 * - sex: 1 or 2; also 3/4 (people registered while abroad) and 7/8 (provisional NIA numbers), which
 *   the INS service may return too;
 * - year: any two digits;
 * - month: 01–12, or the INSEE's pseudo-months for an unknown or unusual month: 20, 30–42, 50–99;
 * - department: 01–99, or 2A / 2B for Corsica (overseas 97x/98x spill into the commune digits and pass);
 * - commune and order: digits, order not 000;
 * - key: 97 − (the 13-digit number mod 97), where 2A counts as 19 and 2B as 18 (the same as reading
 *   them as 20 and subtracting 1,000,000 or 2,000,000 from the number).
 */

/** The OID under which the INS is exchanged (FHIR `Identifier.system`). */
export const INS_SYSTEM = 'urn:oid:1.2.250.1.213.1.4.8';

const SHAPE = /^([1-478])(\d{2})(\d{2})(\d{2}|2A|2B)(\d{3})(\d{3})(\d{2})$/;

/** Why `value` is not a valid INS, or undefined when it is one. */
export function insProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string of 15 characters (NIR and key)';
  if (value.length !== 15) return `must have 15 characters (13 of the NIR and a 2-digit key), got ${value.length}`;
  const match = SHAPE.exec(value);
  if (!match) return 'must be a NIR: sex 1/2/3/4/7/8, year, month, department (01–99, 2A, 2B), commune, order, then a 2-digit key';
  const [, , , month, department, , order, key] = match;
  const m = Number(month);
  if (!((m >= 1 && m <= 12) || m === 20 || (m >= 30 && m <= 42) || m >= 50)) return `has month ${month}: must be 01–12, 20, 30–42 or 50–99`;
  if (department === '00') return 'has department 00';
  if (order === '000') return 'has order number 000';
  const expected = insKey(value.slice(0, 13));
  if (Number(key) !== expected) return `has key ${key}, but the key of this NIR is ${String(expected).padStart(2, '0')}`;
  return undefined;
}

/** The 2-digit key of a 13-character NIR (2A → 19, 2B → 18 before the modulo). */
export function insKey(nir: string): number {
  const digits = nir.replace(/^(.{5})2A/, '$119').replace(/^(.{5})2B/, '$118');
  return 97 - Number(BigInt(digits) % 97n);
}

/** The field check the referral validation calls (`patient.ins` is optional). */
export function checkOptionalIns(errors: { field: string; message: string }[], field: string, value: unknown): void {
  if (value === undefined || value === null) return;
  const problem = insProblem(value);
  if (problem) errors.push({ field, message: `${field} ${problem}` });
}
