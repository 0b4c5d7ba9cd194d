import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY } from '@pathway/domain';
import { appDatabasePassword, databaseUrl, idempotencyRetentionMs, migrationDatabaseUrl, pathwayPolicy, SettingsError, temporalSettings } from './settings';

function policyFile(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'policy-')), 'policy.json');
  writeFileSync(file, content);
  return file;
}

describe('settings', () => {
  it('uses the default policy when no policy file is named', () => {
    expect(pathwayPolicy({})).toEqual(DEFAULT_POLICY);
  });

  it('shortens deadlines from a policy file', () => {
    const policy = pathwayPolicy({ PATHWAY_POLICY_FILE: policyFile('{"assessmentDue":"PT20S","assessmentDueReminderBefore":"PT10S"}') });
    expect(policy.assessmentDue).toBe('PT20S');
    expect(policy.planDue).toBe(DEFAULT_POLICY.planDue);
  });

  it('refuses a policy whose reminder falls before its clock starts, naming the keys', () => {
    const file = policyFile('{"assessmentDue":"PT20S"}');
    expect(() => pathwayPolicy({ PATHWAY_POLICY_FILE: file })).toThrow(SettingsError);
    expect(() => pathwayPolicy({ PATHWAY_POLICY_FILE: file })).toThrow(/assessmentDueReminderBefore \(P9D\) is longer than assessmentDue \(PT20S\)/);
  });

  it('refuses a policy file that is not JSON, naming the file', () => {
    const file = policyFile('{ nope');
    expect(() => pathwayPolicy({ PATHWAY_POLICY_FILE: file })).toThrow(new RegExp(`PATHWAY_POLICY_FILE ${file} cannot be read as JSON`));
  });

  it('refuses a database URL that is not postgres and a Temporal address that is not host:port', () => {
    expect(() => databaseUrl({ DATABASE_URL: 'mysql://x' })).toThrow(/must be a postgres:\/\/ URL/);
    expect(() => databaseUrl({})).toThrow(/DATABASE_URL is not set/);
    expect(() => temporalSettings({ TEMPORAL_ADDRESS: 'nowhere' })).toThrow(/TEMPORAL_ADDRESS must be host:port/);
    expect(temporalSettings({})).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'care-pathways' });
  });

  it('keeps idempotent answers 24 hours unless IDEMPOTENCY_RETENTION says otherwise, and refuses what is not a duration', () => {
    expect(idempotencyRetentionMs({})).toBe(24 * 3_600_000);
    expect(idempotencyRetentionMs({ IDEMPOTENCY_RETENTION: 'PT2S' })).toBe(2000);
    expect(() => idempotencyRetentionMs({ IDEMPOTENCY_RETENTION: '24h' })).toThrow(/IDEMPOTENCY_RETENTION must be an ISO-8601 duration .* got "24h"/);
    expect(() => idempotencyRetentionMs({ IDEMPOTENCY_RETENTION: 'PT0S' })).toThrow(SettingsError);
  });

  it('migrates as MIGRATION_DATABASE_URL (the owner) when the apps connect as another role, else as DATABASE_URL', () => {
    const app = 'postgres://care_app:secret@db:5432/care_pathways';
    const owner = 'postgres://owner:secret@db:5432/care_pathways';
    expect(migrationDatabaseUrl({ DATABASE_URL: app, MIGRATION_DATABASE_URL: owner })).toBe(owner);
    expect(migrationDatabaseUrl({ DATABASE_URL: owner })).toBe(owner);
    expect(() => migrationDatabaseUrl({ DATABASE_URL: app, MIGRATION_DATABASE_URL: 'mysql://x' })).toThrow(/must be a postgres:\/\/ URL/);
    expect(appDatabasePassword({})).toBeUndefined();
    expect(appDatabasePassword({ APP_DATABASE_PASSWORD: 'p' })).toBe('p');
  });
});
