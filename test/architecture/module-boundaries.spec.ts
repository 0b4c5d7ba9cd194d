/**
 * The module-boundary rules of eslint.config.mjs (the Nx `type:`/`scope:` tags, the workflows' type-only
 * view of the stores, the domain's no-cycle rule) fire on the imports they forbid, and stay quiet on the
 * ones the plan allows. Each fixture is linted as if it were a file of the tree (test/support/lint-fixtures.cjs):
 * a rule loosened or a tag changed so that a forbidden edge passes makes this fail.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

interface Fixture {
  name: string;
  filePath: string;
  code: string;
  /** The rule and its message expected; none: the import is allowed (no boundary message). */
  expected?: { ruleId: string; message: RegExp };
}

const boundary = '@nx/enforce-module-boundaries';
const fixtures: Fixture[] = [
  {
    name: 'the domain importing an app (a library reaching an app)',
    filePath: 'libs/domain/src/clocks.ts',
    code: "import '../../../apps/api/src/main';\nexport const x = 1;\n",
    expected: { ruleId: boundary, message: /Projects cannot be imported by a relative or absolute path/ },
  },
  {
    name: 'the domain importing another library (type:domain depends on type:domain only)',
    filePath: 'libs/domain/src/clocks.ts',
    code: "import { AesGcmPayloadCodec } from '@pathway/payload-codec';\nexport const x = AesGcmPayloadCodec;\n",
    expected: { ruleId: boundary, message: /tagged with "type:domain" can only depend on libs tagged with "type:domain"/ },
  },
  {
    name: 'the domain importing the stores (which import it: a project circle)',
    filePath: 'libs/domain/src/clocks.ts',
    code: "import { createDataSource } from '@pathway/persistence';\nexport const x = createDataSource;\n",
    expected: { ruleId: boundary, message: /Circular dependency between "domain" and "persistence"/ },
  },
  {
    name: 'the domain importing I/O (no external import at all)',
    filePath: 'libs/domain/src/clocks.ts',
    code: "import { Client } from '@temporalio/client';\nexport const x = Client;\n",
    expected: { ruleId: boundary, message: /tagged with "type:domain" is not allowed to import "@temporalio\/client"/ },
  },
  {
    name: 'a module circle inside the domain',
    filePath: 'libs/domain/src/stages.ts',
    code: "import { CLOCK_KINDS } from './clocks';\nexport const x = CLOCK_KINDS;\n",
    expected: { ruleId: 'import-x/no-cycle', message: /Dependency cycle detected/ },
  },
  {
    name: 'workflow code loading the stores at run time',
    filePath: 'libs/workflows/src/activities.ts',
    code: "import { createDataSource } from '@pathway/persistence';\nexport const x = createDataSource;\n",
    expected: { ruleId: '@typescript-eslint/no-restricted-imports', message: /workflow code imports the stores' types only/ },
  },
  {
    name: 'the settings library importing the stores (type:config depends on type:domain only)',
    filePath: 'libs/config/src/index.ts',
    code: "import { createDataSource } from '@pathway/persistence';\nexport const x = createDataSource;\n",
    expected: { ruleId: boundary, message: /tagged with "type:config" can only depend on libs tagged with "type:domain"/ },
  },
  {
    name: 'the web app importing a backend library (it talks to the API over HTTP only)',
    filePath: 'apps/web/src/main.tsx',
    code: "import { CLOCK_KINDS } from '@pathway/domain';\nexport const x = CLOCK_KINDS;\n",
    expected: { ruleId: boundary, message: /tagged with "type:web" cannot depend on any libs with tags/ },
  },
  // Allowed edges: the rules do not simply refuse everything.
  { name: 'workflow code naming the stores\' types (import type)', filePath: 'libs/workflows/src/activities.ts', code: "import type { PathwayProjection } from '@pathway/persistence';\nexport type X = PathwayProjection;\n" },
  { name: 'an app importing the domain and the stores', filePath: 'apps/api/src/main.ts', code: "import { CLOCK_KINDS } from '@pathway/domain';\nimport { createDataSource } from '@pathway/persistence';\nexport const x = [CLOCK_KINDS, createDataSource];\n" },
];

const RULES = new Set([boundary, 'import-x/no-cycle', '@typescript-eslint/no-restricted-imports']);

describe('module boundaries', () => {
  let results: { ruleId: string | null; message: string }[][];

  beforeAll(() => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'test/support/lint-fixtures.cjs')], {
      cwd: ROOT,
      input: JSON.stringify(fixtures.map(({ filePath, code }) => ({ filePath, code }))),
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    if (run.status !== 0) throw new Error(`linting the fixtures failed (exit ${run.status}): ${run.stderr}`);
    results = JSON.parse(run.stdout) as typeof results;
  }, 180_000);

  it.each(fixtures.map((fixture, index) => [fixture.name, index] as const))('%s', (_name, index) => {
    const { expected } = fixtures[index];
    const reported = results[index].filter((m) => m.ruleId !== null && RULES.has(m.ruleId));
    if (expected) expect(reported).toContainEqual({ ruleId: expected.ruleId, message: expect.stringMatching(expected.message) });
    else expect(reported).toEqual([]);
  });
});
