import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingsSchema } from './schema';
import { readSettings, SettingsError, workerMaxCachedWorkflows } from './settings';

/** The variables named in the first column of the README's Configuration table. */
function readmeVariables(): string[] {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Configuration\n'));
  const table = section.slice(0, section.indexOf('\n## ', 1)).split('\n').filter((line) => line.startsWith('| `'));
  return table.flatMap((row) => [...row.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]));
}

describe('the settings schema', () => {
  it('declares exactly the variables the README documents', () => {
    const documented = readmeVariables();
    expect(documented.length).toBeGreaterThan(20); // the table was found and read
    expect([...new Set(documented)].sort()).toEqual(Object.keys(settingsSchema.shape).sort());
  });

  it('names the refused variable first, on one line', () => {
    expect(() => readSettings(['PORT'], { PORT: '70000' })).toThrow(new SettingsError('PORT must be a port number, got "70000"'));
    expect(() => readSettings(['PORT'], { PORT: 'abc' })).toThrow(/^PORT must be a port number, got "abc"$/);
    expect(() => readSettings(['STEP_RATE_LIMIT_BURST'], { STEP_RATE_LIMIT_BURST: '2.5' })).toThrow(/^STEP_RATE_LIMIT_BURST must be a whole number of at least 1, got "2.5"$/);
  });

  it('reads only the variables asked for: another broken one is not this part\'s refusal', () => {
    expect(readSettings(['PORT'], { PORT: '8080', DATABASE_URL: 'mysql://x' })).toEqual({ PORT: 8080 });
  });

  it('leaves the worker cache to the SDK unless WORKER_MAX_CACHED_WORKFLOWS is a whole number', () => {
    expect(workerMaxCachedWorkflows({})).toBeUndefined();
    expect(workerMaxCachedWorkflows({ WORKER_MAX_CACHED_WORKFLOWS: '0' })).toBe(0);
    expect(() => workerMaxCachedWorkflows({ WORKER_MAX_CACHED_WORKFLOWS: 'many' })).toThrow(/^WORKER_MAX_CACHED_WORKFLOWS must be a whole number, got "many"$/);
  });
});
