// @ts-check
// Lints code that is not on disk as if it were a given file of the tree, with the repository's own
// eslint.config.mjs: reads `[{ filePath, code }]` as JSON on stdin, prints `[[{ ruleId, message }]]`.
// A child process because ESLint loads its flat config with a dynamic import, which Jest's module
// sandbox does not run; one process for all fixtures because each start builds the typed program.
'use strict';
const path = require('node:path');
const { ESLint } = require('eslint');

const ROOT = path.resolve(__dirname, '../..');

async function main() {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  /** @type {{ filePath: string; code: string }[]} */
  const fixtures = JSON.parse(input);
  const eslint = new ESLint({ cwd: ROOT });
  const results = [];
  for (const { filePath, code } of fixtures) {
    const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
    results.push(result.messages.map(({ ruleId, message }) => ({ ruleId, message })));
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
