// The web app's pure logic (urgency order, problem documents); the screens are tested in a real browser
// by test/e2e/web-*.spec.ts.
const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'web',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // oauth4webapi (auth/oidc.ts) ships ES modules only: SWC turns it into CommonJS for Jest like our sources.
  transform: { ...preset.transform, '/node_modules/oauth4webapi/.+\\.js$': preset.transform['^.+\\.ts$'] },
  transformIgnorePatterns: ['/node_modules/(?!oauth4webapi/)'],
};
