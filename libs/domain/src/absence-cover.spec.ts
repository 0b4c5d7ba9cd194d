import { slotsLeft, spreadByCapacity } from './absence-cover';

describe('absence cover: spreading pathways by capacity', () => {
  it('gives each pathway to the covering case manager with the most slots left', () => {
    const covering = [
      { id: 'cm-a', capacity: 10, active: 8 },
      { id: 'cm-b', capacity: 10, active: 5 },
    ];
    expect(spreadByCapacity(['p1', 'p2', 'p3', 'p4'], covering)).toEqual([
      { pathwayId: 'p1', coveredBy: 'cm-b' },
      { pathwayId: 'p2', coveredBy: 'cm-b' },
      { pathwayId: 'p3', coveredBy: 'cm-b' },
      // Now both have two left: the first listed keeps it.
      { pathwayId: 'p4', coveredBy: 'cm-a' },
    ]);
  });

  it('refuses when the covering case managers have fewer slots left than there are pathways', () => {
    const covering = [
      { id: 'cm-a', capacity: 3, active: 2 },
      { id: 'cm-b', capacity: 2, active: 4 },
    ];
    expect(spreadByCapacity(['p1', 'p2'], covering)).toBeNull();
    // Over capacity counts as no slot, not as a debt.
    expect(slotsLeft(covering)).toBe(1);
  });
});
