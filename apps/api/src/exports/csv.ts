/**
 * CSV as French spreadsheets open it (Excel, LibreOffice): UTF-8 with a byte-order mark (without it Excel
 * reads accents as Windows-1252), `;` between fields (`,` is the decimal separator), CRLF line ends, and a
 * decimal comma in numbers that have decimals. A cell that would start a formula (= + - @) gets a leading
 * apostrophe, so a name typed into a referral cannot run in the supervisor's spreadsheet (CSV injection).
 */
export type Cell = string | number | null | undefined;

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
const BOM = '\uFEFF';

/** A number as a French spreadsheet reads it: 12.5 → "12,5"; at most `decimals` decimals, no thousands separator. */
export function decimalFr(value: number, decimals = 2): string {
  const rounded = Number(value.toFixed(decimals));
  return String(rounded).replace('.', ',');
}

function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isInteger(value) ? String(value) : decimalFr(value)) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(headers: string[], rows: Cell[][]): string {
  return BOM + [headers, ...rows].map((row) => row.map(cell).join(';')).join('\r\n') + '\r\n';
}

/** Seconds as days with a decimal comma (the delays of the indicators), empty when unmeasured. */
export const days = (seconds: number | null): Cell => (seconds === null ? null : Number((seconds / 86_400).toFixed(2)));
