/**
 * The environment the code reads is the environment the README documents (schema.spec.ts holds the README's
 * table to the schema), and the deployment files set only documented variables, with the listen address,
 * ports and probes the code answers on.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { settingsSchema } from './schema';

const ROOT = join(__dirname, '../../..');

/**
 * What runs in production and what `npm start` / `npm test` run: the apps, the libraries and infra/'s
 * scripts. Not the specs and test helpers (their switches, e.g. E2E_LOGS, RECORD_HISTORIES, are described
 * where they are used), nor the benches (their options are `--help`'s).
 */
function sourceFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) return name === 'testing' || name === 'node_modules' ? [] : walk(file);
      return /\.(ts|cjs|mjs)$/.test(name) && !/\.spec\.ts$/.test(name) ? [file] : [];
    });
  const libs = readdirSync(join(ROOT, 'libs')).map((lib) => join(ROOT, 'libs', lib, 'src'));
  const infra = readdirSync(join(ROOT, 'infra'))
    .filter((name) => /\.(cjs|mjs)$/.test(name))
    .map((name) => join(ROOT, 'infra', name));
  return [...[join(ROOT, 'apps/api/src'), join(ROOT, 'apps/worker/src'), ...libs].flatMap(walk), ...infra, join(ROOT, 'infra/demo/seed.cjs')];
}

/** Variables of other tools' conventions, read to honour them: not this product's settings. */
const CONVENTIONS = new Set(['PATH', 'NO_COLOR', 'FORCE_COLOR']);

const NAME = '[A-Z][A-Z0-9_]+';
/** The ways this code reads a variable: `env.X` / `process.env.X` / `env?.X`, `env['X']`, `readSettings(['X', …])`, a helper given `(env, 'X')`, the token verifier's lists. */
const READS = [
  new RegExp(`\\benv\\??\\.(${NAME})\\b`, 'g'),
  new RegExp(`\\benv\\[\\s*['"](${NAME})['"]\\s*\\]`, 'g'),
  new RegExp(`\\(\\s*env\\s*,\\s*['"](${NAME})['"]`, 'g'),
  new RegExp(`\\bvalue\\(\\s*['"](${NAME})['"]\\s*\\)`, 'g'),
];
const NAME_LISTS = [/readSettings\(\s*\[([^\]]*)\]/g, /_VARIABLES\s*=\s*\[([^\]]*)\]/g];

function variablesRead(): Map<string, string[]> {
  const read = new Map<string, string[]>();
  const note = (name: string, file: string) => read.set(name, [...(read.get(name) ?? []), relative(ROOT, file)]);
  for (const file of sourceFiles()) {
    const source = readFileSync(file, 'utf8');
    for (const pattern of READS) for (const m of source.matchAll(pattern)) note(m[1], file);
    for (const pattern of NAME_LISTS) for (const m of source.matchAll(pattern)) for (const n of m[1].matchAll(new RegExp(`['"](${NAME})['"]`, 'g'))) note(n[1], file);
  }
  for (const name of CONVENTIONS) read.delete(name);
  return read;
}

const declared = Object.keys(settingsSchema.shape).sort();
const deploy = (file: string) => readFileSync(join(ROOT, 'infra/deploy', file), 'utf8');

/** `NAME=value` lines of an env file, commented-out alternatives included (`# NAME=...`). */
function envFile(file: string): Map<string, string> {
  const lines = deploy(file).split('\n');
  return new Map(lines.flatMap((line) => [...line.matchAll(new RegExp(`^#?\\s*(${NAME})=(\\S*)`, 'g'))].map((m) => [m[1], m[2]] as [string, string])));
}

describe('the environment', () => {
  const read = variablesRead();

  it('is found in the source (the scan works)', () => {
    expect(read.get('DATABASE_URL')).toBeDefined(); // readSettings
    expect(read.get('REMINDER_POLL_MS')).toBeDefined(); // integer(env, 'X', ...)
    expect(read.get('AUTH_AUDIENCE')).toBeDefined(); // the token verifier's lists
    expect(read.get('PAYLOAD_ENCRYPTION_KEYS')).toBeDefined(); // env.X
  });

  it('every variable the code reads is declared in the schema, so documented in the README', () => {
    const undeclared = [...read.keys()].filter((name) => !declared.includes(name)).map((name) => `${name} (${[...new Set(read.get(name))].join(', ')})`);
    expect(undeclared).toEqual([]);
  });

  it('every declared variable is read somewhere', () => {
    expect(declared.filter((name) => !read.has(name))).toEqual([]);
  });

  it('the env examples and the manifest set only declared variables', () => {
    const manifest = deploy('kubernetes.yaml');
    const inManifest = [...manifest.matchAll(new RegExp(`name:\\s*(${NAME})\\b`, 'g'))].map((m) => m[1]);
    const examples = [...envFile('api.env.example').keys(), ...envFile('worker.env.example').keys()];
    expect([...inManifest, ...examples].filter((name) => !declared.includes(name))).toEqual([]);
  });

  it('the deployment files listen where a container is reached and probe what the code answers', () => {
    const api = envFile('api.env.example');
    const worker = envFile('worker.env.example');
    expect(api.get('HOST')).toBe('0.0.0.0');
    expect(worker.get('HOST')).toBe('0.0.0.0');
    expect(api.get('NODE_ENV')).toBe('production');
    expect(worker.get('NODE_ENV')).toBe('production');
    const manifest = deploy('kubernetes.yaml');
    const probes = (deployment: string) => {
      const section = manifest.slice(manifest.indexOf(`name: ${deployment} }`));
      const body = section.slice(0, section.indexOf('\n---') >= 0 ? section.indexOf('\n---') : undefined);
      const probe = (kind: string) => new RegExp(`${kind}:\\s*\\{\\s*httpGet:\\s*\\{\\s*path:\\s*(\\S+),\\s*port:\\s*(\\d+)`).exec(body)?.slice(1, 3);
      return { liveness: probe('livenessProbe'), readiness: probe('readinessProbe'), containerPort: /containerPort:\s*(\d+)/.exec(body)?.[1] };
    };
    expect(probes('care-pathways-api')).toEqual({ liveness: ['/health/live', api.get('PORT')], readiness: ['/health/ready', api.get('PORT')], containerPort: api.get('PORT') });
    const workerPort = worker.get('WORKER_HEALTH_PORT');
    expect(workerPort).toMatch(/^\d+$/);
    expect(probes('care-pathways-worker')).toEqual({ liveness: ['/health/live', workerPort], readiness: ['/health/ready', workerPort], containerPort: workerPort });
  });
});
