module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'payload-codec',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
