// The web app's pure logic (urgency order, problem documents); the screens are tested in a real browser
// by test/e2e/web-*.spec.ts.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'web',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
