import { ProblemException } from '../common/problem';
import { searchset, operationOutcome } from './bundle';
import { assertKnown, dateRange, paging } from './search';

describe('FHIR date parameters', () => {
  it('a date stands for its whole UTC day: le includes it, lt excludes it, gt starts after it', () => {
    expect(dateRange({ period: 'le2027-03-01' }, 'period')).toEqual({ before: new Date('2027-03-02T00:00:00Z') });
    expect(dateRange({ period: 'lt2027-03-01' }, 'period')).toEqual({ before: new Date('2027-03-01T00:00:00Z') });
    expect(dateRange({ period: 'gt2027-03-01' }, 'period')).toEqual({ from: new Date('2027-03-02T00:00:00Z') });
    expect(dateRange({ period: '2027-03-01' }, 'period')).toEqual({ from: new Date('2027-03-01T00:00:00Z'), before: new Date('2027-03-02T00:00:00Z') });
  });

  it('date-times and repeated parameters (ANDed)', () => {
    expect(dateRange({ _lastUpdated: ['ge2026-12-01T10:00:00Z', 'lt2026-12-02'] }, '_lastUpdated')).toEqual({
      from: new Date('2026-12-01T10:00:00Z'),
      before: new Date('2026-12-02T00:00:00Z'),
    });
  });

  it('refuses what is not a date, or a prefix not supported, naming the parameter', () => {
    for (const bad of ['le2027-13-45', 'tomorrow', 'sa2027-03-01']) {
      try {
        dateRange({ period: bad }, 'period');
        throw new Error(`accepted ${bad}`);
      } catch (err) {
        expect(err).toBeInstanceOf(ProblemException);
        expect((err as ProblemException).extra).toEqual({ errors: [expect.objectContaining({ field: 'period' })] });
      }
    }
  });
});

describe('search parameters and paging', () => {
  it('refuses an unsupported parameter rather than ignoring it; _count within 1–200', () => {
    expect(() => assertKnown({ priority: 'high' }, ['owner'])).toThrow(/priority is not supported/);
    expect(() => assertKnown({ owner: 'cm-1', _count: '5' }, ['owner'])).not.toThrow();
    expect(paging({})).toEqual({ count: 20, offset: 0 });
    expect(paging({ _count: '2', _offset: '4' })).toEqual({ count: 2, offset: 4 });
    expect(() => paging({ _count: '0' })).toThrow(/_count must be an integer from 1 to 200/);
    expect(() => paging({ _count: '500' })).toThrow(/_count/);
  });

  it('Bundle links: next only while there is more, previous only after the first page', () => {
    const selfUrl = new URL('http://h/fhir/R4/Task?business-status=overdue');
    const relations = (offset: number) => (searchset('http://h/fhir/R4', [], [], { selfUrl, count: 2, offset, total: 5 }).link as { relation: string; url: string }[]);
    expect(relations(0).map((l) => l.relation)).toEqual(['self', 'first', 'next']);
    expect(relations(0)[2].url).toBe('http://h/fhir/R4/Task?business-status=overdue&_count=2&_offset=2');
    expect(relations(2).map((l) => l.relation)).toEqual(['self', 'first', 'previous', 'next']);
    expect(relations(4).map((l) => l.relation)).toEqual(['self', 'first', 'previous']);
  });

  it('errors as OperationOutcome: one issue per bad field, else the problem itself', () => {
    expect(operationOutcome({ status: 400, title: 'Invalid request', detail: 'x', errors: [{ field: 'patient.ins', message: 'patient.ins has key 47' }] }).issue).toEqual([
      { severity: 'error', code: 'invalid', diagnostics: 'patient.ins has key 47', expression: ['patient.ins'] },
    ]);
    expect(operationOutcome({ status: 404, title: 'Not found', detail: 'there is no Patient/x' }).issue).toEqual([
      { severity: 'error', code: 'not-found', details: { text: 'Not found' }, diagnostics: 'there is no Patient/x' },
    ]);
  });
});
