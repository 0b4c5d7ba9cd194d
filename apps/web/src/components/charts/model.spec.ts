import { barsFromCounts, spokenSummary } from './model';

describe('what a chart says', () => {
  it('reads every bar with its figure, grouped, in one sentence', () => {
    const groups = [
      { key: 'a', label: 'De l’orientation à la première évaluation', bars: [{ key: 'm', label: 'Médiane', value: 19, valueText: '19 j', spokenValue: '19 jours' }] },
      { key: 'b', bars: [{ key: 'x', label: 'Clôtures', value: 2, valueText: '2' }] },
    ];
    expect(spokenSummary('Délais', groups, 'en jours')).toBe('Délais (en jours). De l’orientation à la première évaluation, Médiane : 19 jours ; Clôtures : 2.');
    expect(spokenSummary('Relances', [])).toBe('Relances. aucune donnée.');
    const abbreviated = [{ key: 'a', label: 'Orientation → 1re évaluation', spokenLabel: 'De l’orientation à la première évaluation', detail: '1 mesure', bars: [{ key: 'm', label: 'Médiane', value: 2, valueText: '2 h', spokenValue: '2 heures' }] }];
    expect(spokenSummary('Délais', abbreviated)).toBe('Délais. De l’orientation à la première évaluation (1 mesure), Médiane : 2 heures.');
  });

  it('turns counts by code into French bars, largest first, leaving out zeros', () => {
    const label = (code: string) => ({ MOVED: 'Départ du territoire', DECEASED: 'Décès', OTHER: 'Autre motif' })[code] ?? code;
    const bars = barsFromCounts({ MOVED: 2, DECEASED: 6, OTHER: 0, REFUSED: 2 }, label, String, 'secondary');
    expect(bars.map((b) => [b.label, b.value, b.valueText, b.tone])).toEqual([
      ['Décès', 6, '6', 'secondary'],
      ['Départ du territoire', 2, '2', 'secondary'],
      ['REFUSED', 2, '2', 'secondary'],
    ]);
    expect(barsFromCounts(undefined, label, String)).toEqual([]);
  });
});
