import { depthExceeds } from './json-depth';

describe('the depth of a JSON body', () => {
  const nested = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

  it('counts objects and arrays, not scalars: a flat object is 1 deep', () => {
    expect(depthExceeds('text', 0)).toBe(false);
    expect(depthExceeds({ a: 1, b: 'x' }, 1)).toBe(false);
    expect(depthExceeds({ a: [1] }, 1)).toBe(true);
    expect(depthExceeds(nested(32), 32)).toBe(false);
    expect(depthExceeds(nested(33), 32)).toBe(true);
  });

  it('finds a deep branch beside shallow ones', () => {
    expect(depthExceeds({ shallow: [1, 2], deep: nested(40) }, 32)).toBe(true);
  });

  it('walks 100,000 levels without overflowing the stack (what 2,000 did to the recursive walks)', () => {
    expect(depthExceeds(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), 32)).toBe(true);
  });
});
