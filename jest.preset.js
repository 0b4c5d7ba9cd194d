// Shared Jest settings: SWC transpiles (types are checked by each project's `typecheck` target),
// and the TS path aliases resolve to library sources.
const path = require('node:path');
const swcrc = JSON.parse(require('node:fs').readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcrc.jsc.baseUrl;
delete swcrc.jsc.paths;

module.exports = {
  // Node's environment, plus a check that a test file leaves none of its servers running.
  testEnvironment: path.join(__dirname, 'test/support/leak-guard-environment.cjs'),
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@pathway/domain$': path.join(__dirname, 'libs/domain/src/index.ts'),
    '^@pathway/workflows$': path.join(__dirname, 'libs/workflows/src/index.ts'),
    '^@pathway/config$': path.join(__dirname, 'libs/config/src/index.ts'),
    '^@pathway/payload-codec$': path.join(__dirname, 'libs/payload-codec/src/index.ts'),
    '^@pathway/persistence$': path.join(__dirname, 'libs/persistence/src/index.ts'),
    '^@pathway/assignment$': path.join(__dirname, 'libs/assignment/src/index.ts'),
    '^@pathway/testing$': path.join(__dirname, 'libs/testing/src/index.ts'),
    '^@pathway/telemetry$': path.join(__dirname, 'libs/telemetry/src/index.ts'),
  },
};
