import { spreadWithinCapacity } from './absence-cover';

describe('absence cover: spreading pathways by capacity', () => {
  it('gives each pathway to the covering case manager with the most slots left', () => {
    const covering = [
      { id: 'cm-a', capacity: 10, active: 8 },
      { id: 'cm-b', capacity: 10, active: 5 },
    ];
    expect(spreadWithinCapacity(['p1', 'p2', 'p3', 'p4'], covering)).toEqual({
      covers: [
        { pathwayId: 'p1', coveredBy: 'cm-b' },
        { pathwayId: 'p2', coveredBy: 'cm-b' },
        { pathwayId: 'p3', coveredBy: 'cm-b' },
        // Now both have two left: the first listed keeps it.
        { pathwayId: 'p4', coveredBy: 'cm-a' },
      ],
      unplaced: [],
    });
  });

  it('moves what fits within the caps and leaves the rest, the newest, unplaced', () => {
    const covering = [
      { id: 'cm-a', capacity: 3, active: 1 },
      { id: 'cm-b', capacity: 2, active: 1 },
    ];
    expect(spreadWithinCapacity(['p1', 'p2', 'p3', 'p4'], covering)).toEqual({
      covers: [
        { pathwayId: 'p1', coveredBy: 'cm-a' },
        { pathwayId: 'p2', coveredBy: 'cm-a' },
        { pathwayId: 'p3', coveredBy: 'cm-b' },
      ],
      unplaced: ['p4'],
    });
  });

  it('over capacity counts as no slot, not as a debt: with no slot at all, everything is unplaced', () => {
    const covering = [
      { id: 'cm-a', capacity: 3, active: 3 },
      { id: 'cm-b', capacity: 2, active: 4 },
    ];
    expect(spreadWithinCapacity(['p1', 'p2'], covering)).toEqual({ covers: [], unplaced: ['p1', 'p2'] });
    expect(spreadWithinCapacity(['p1'], [])).toEqual({ covers: [], unplaced: ['p1'] });
  });
});
