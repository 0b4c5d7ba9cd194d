// End-to-end tests: each suite starts its own Postgres, Temporal dev server, worker and API from dist/
// (see support/stack.ts), so they run one at a time and get generous timeouts.
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  // architecture/: checks of the tree itself (the module-boundary rules), no stack.
  testMatch: ['<rootDir>/e2e/**/*.spec.ts', '<rootDir>/architecture/**/*.spec.ts'],
  testTimeout: 120_000,
};
