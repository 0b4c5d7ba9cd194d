import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

// The architecture as lint errors: domain has no I/O, workflows stay deterministic,
// apps depend on libs and never the reverse.
export default [
  { ignores: ['**/dist', '**/node_modules', '.data', '.tools', 'tmp', '**/*.mjs', '**/*.js'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    // .tsx too: the web app's components are under the module-boundary rule like every other file.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Every project carries a `type:` (what it is: which layer) and a `scope:` (whose it is) tag, in
      // its project.json; a project matching several constraints must satisfy all of them. The graph
      // they allow is the real one (`npx nx graph`), with the edges that must not appear refused:
      // no library imports an app, no app imports another app, the domain imports nothing.
      // test/architecture/module-boundaries.spec.ts shows each refusal firing.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Layers (type:).
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'], allowedExternalImports: [] },
            {
              sourceTag: 'type:workflows',
              // type:data for the activity types only (`import type`, checked below): erased from the bundle.
              onlyDependOnLibsWithTags: ['type:domain', 'type:data'],
              allowedExternalImports: ['@temporalio/workflow', '@temporalio/common'],
            },
            {
              sourceTag: 'type:data',
              onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: ['@temporalio/*', '@nestjs/*'],
            },
            { sourceTag: 'type:config', onlyDependOnLibsWithTags: ['type:domain'], bannedExternalImports: ['@temporalio/*', '@nestjs/*', 'typeorm'] },
            // Client-side steps shared by the worker and the API (a conditional assignment): a Temporal client, no framework.
            {
              sourceTag: 'type:client',
              onlyDependOnLibsWithTags: ['type:domain', 'type:workflows'],
              bannedExternalImports: ['@nestjs/*', 'typeorm', '@temporalio/worker', '@temporalio/activity'],
            },
            { sourceTag: 'type:codec', onlyDependOnLibsWithTags: [], allowedExternalImports: ['@temporalio/common', '@temporalio/proto', 'node:crypto'] },
            // Metrics and traces plumbing shared by both apps (a /metrics listener, the OTLP exporter): no framework, no data.
            { sourceTag: 'type:telemetry', onlyDependOnLibsWithTags: [], bannedExternalImports: ['@nestjs/*', 'typeorm', '@temporalio/workflow'] },
            // An app depends on libraries, never on another app (type:app is not in its list).
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:workflows', 'type:data', 'type:config', 'type:codec', 'type:client', 'type:telemetry'] },
            // The web app talks to the API over HTTP only (its types are generated from the API's OpenAPI document).
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: [], bannedExternalImports: ['@temporalio/*', '@nestjs/*', 'typeorm', 'pg'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:domain', 'type:workflows', 'type:data', 'type:config', 'type:codec', 'type:client', 'type:app', 'type:web', 'type:telemetry'] },
            // Owners (scope:): shared libraries reach only shared libraries; each app reaches the shared
            // libraries and itself; the tests may reach everything.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:shared', 'scope:api'] },
            { sourceTag: 'scope:worker', onlyDependOnLibsWithTags: ['scope:shared', 'scope:worker'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web'] },
            { sourceTag: 'scope:test', onlyDependOnLibsWithTags: ['scope:shared', 'scope:api', 'scope:worker', 'scope:web', 'scope:test'] },
          ],
        },
      ],
    },
  },
  {
    // Nx's circular-dependency check only sees projects; within libs/domain a module circle (a rule
    // file importing the step table that imports it back: one of them runs half-initialized) is refused
    // here. import-x skips `import type` (erased, no load order), so the types the rules share live in
    // modules of their own (decision-context.ts, input-types.ts) rather than in decide.ts.
    files: ['libs/domain/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts'] })],
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: it may name the stores' types (the
    // activities' results, implemented in libs/persistence) but never load the stores themselves.
    files: ['libs/workflows/src/**/*.ts'],
    ignores: ['libs/workflows/src/**/*.spec.ts', 'libs/workflows/src/testing/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: '@pathway/persistence', allowTypeImports: true, message: 'workflow code imports the stores\' types only (import type): no database I/O in the sandbox' }] },
      ],
    },
  },
  {
    // The web app runs in the browser (its own tsconfig: DOM, JSX); the same promise rules as the rest.
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    // Tests and their support start real servers through infra/ launchers; they are not shipped code.
    files: ['**/*.spec.ts', '**/testing/**/*.ts', 'test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
