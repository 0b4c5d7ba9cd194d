import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CaseFileError, parseCsv, parseFrenchDate, readCaseFile } from './case-csv';

const TEMPLATE = readFileSync(path.join(__dirname, '../../../../docs/import/modele-import-parcours.csv'), 'utf8');

describe('the import CSV', () => {
  it('reads the documented template: every example row is a case', () => {
    const rows = readCaseFile(TEMPLATE);
    expect(rows.map((r) => [r.line, r.externalId, r.errors])).toEqual([
      [2, 'NIR-1938-02-0001', []],
      [3, 'NIR-1941-07-0002', []],
      [4, 'NIR-1936-11-0003', []],
    ]);
    expect(rows[0].case).toMatchObject({ stage: 'FOLLOW_UP', caseManagerId: 'cm-louise', planAcknowledgedAt: '2025-02-14T12:00:00.000Z', apaSubmittedAt: '2026-10-15T12:00:00.000Z' });
    expect(rows[1].case).toMatchObject({ stage: 'ASSESSMENT', hospitalization: { facility: 'Hôpital Saint-Antoine' }, legalProtection: { kind: 'CURATELLE' } });
  });

  it('takes quoted fields, a byte-order mark and CRLF', () => {
    expect(parseCsv('\uFEFFa;b\r\n"x;1";"say ""hi""\nthere"\r\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x;1', 'say "hi"\nthere'] },
    ]);
  });

  it('reads French and ISO dates, and refuses a day the calendar lacks', () => {
    expect(parseFrenchDate('14/02/2025')).toBe('2025-02-14T12:00:00.000Z');
    expect(parseFrenchDate('2025-02-14')).toBe('2025-02-14T12:00:00.000Z');
    expect(parseFrenchDate('31/02/2025')).toBeUndefined();
    expect(parseFrenchDate('2025/02/14')).toBeUndefined();
  });

  it('says in French what is wrong with a row, naming the column', () => {
    const header = TEMPLATE.split(/\r?\n/)[0];
    const [row] = readCaseFile(`${header}\nX-1;;Jeanne;1943-13-01;T75-EST;terminé;;2026-01-01;;;;;;Dr A;a@b.example;;;;;;notaire;`);
    expect(row.case).toBeUndefined();
    expect(row.errors).toEqual(
      expect.arrayContaining([
        'la colonne nom est vide',
        "date_naissance : « 1943-13-01 » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)",
        expect.stringMatching(/^etape : « terminé » n'est pas une étape/),
        expect.stringMatching(/^protection_type : « notaire » n'est pas une mesure/),
      ]),
    );
  });

  it('refuses a file whose header is not the template’s (a comma-separated one, say)', () => {
    expect(() => readCaseFile('identifiant,nom,prenom\nA,B,C')).toThrow(CaseFileError);
    expect(() => readCaseFile('identifiant,nom,prenom\nA,B,C')).toThrow(/colonnes manquantes : .*séparateur attendu : « ; »/);
  });
});
