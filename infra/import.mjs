// `npm run import -- <file.csv> [--dry-run] [--api http://127.0.0.1:3000] [--token <bearer>] [--chunk 100]`
// Brings a territory's open cases in through the API (POST /api/v1/imports/pathways, README "Bringing a
// territory's open cases in"), so the import is authorized, validated and audited like any call. The dry
// run sends the whole file at once (every row is checked against the others: duplicates, caseload caps);
// the real run sends it in chunks (100 rows: each answered well within the HTTP server's 5-minute
// request timeout) and prints its progress after each. A chunk interrupted (Ctrl-C, a
// network failure) is resumed by running the same command again: rows already imported are skipped.
// Exit code: 0 all rows imported (or already), 2 some rows refused (listed), 1 the import could not run.
import fs from 'node:fs';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    'dry-run': { type: 'boolean', default: false },
    api: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
    token: { type: 'string', default: process.env.IMPORT_TOKEN },
    chunk: { type: 'string', default: '100' },
    quiet: { type: 'boolean', default: false },
  },
});
const file = positionals[0];
if (!file || !values.token) {
  console.error('usage: npm run import -- <file.csv> [--dry-run] [--api URL] [--token T | IMPORT_TOKEN=T] [--chunk 100]');
  console.error('       a supervisor or admin token, e.g. IMPORT_TOKEN=$(npm run -s token -- --sub sup-1 --roles supervisor --territory T75-EST)');
  process.exit(1);
}

/** The file's records with the physical line each starts on (a quoted field may hold a line break). */
function records(text) {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out = [];
  let current;
  lines.forEach((line, i) => {
    if (current) current.text += `\n${line}`;
    else current = { line: i + 1, text: line };
    if ((current.text.match(/"/g) ?? []).length % 2 === 0) {
      if (current.text.trim()) out.push(current);
      current = undefined;
    }
  });
  if (current) out.push(current);
  return out;
}

async function send(csv, dryRun) {
  const res = await fetch(`${values.api}/api/v1/imports/pathways${dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${values.token}`, 'content-type': 'text/csv; charset=utf-8' },
    body: csv,
  });
  const body = await res.json().catch(() => ({}));
  if (res.status !== 200) throw new Error(`the API answered ${res.status}: ${body.detail ?? JSON.stringify(body).slice(0, 500)}`);
  return body;
}

async function main() {
  const all = records(fs.readFileSync(file, 'utf8'));
  const [header, ...rows] = all;
  const dryRun = values['dry-run'];
  const size = dryRun ? rows.length : Math.max(1, Number(values.chunk));
  const total = { rows: 0, imported: 0, alreadyImported: 0, failed: 0, errors: [] };
  const started = Date.now();
  for (let from = 0; from < rows.length; from += size) {
    const chunk = rows.slice(from, from + size);
    // The API numbers lines within what it was sent: map them back to the file's.
    const fileLine = [header.line];
    for (const r of chunk) r.text.split('\n').forEach((_, k) => fileLine.push(r.line + k));
    const report = await send([header, ...chunk].map((r) => r.text).join('\r\n') + '\r\n', dryRun);
    total.rows += report.rows;
    total.imported += report.imported;
    total.alreadyImported += report.alreadyImported;
    total.failed += report.failed;
    for (const e of report.errors) total.errors.push({ ...e, line: fileLine[e.line - 1] ?? e.line });
    if (!values.quiet) {
      const seconds = (Date.now() - started) / 1000;
      const done = Math.min(from + size, rows.length);
      console.log(`[import] ${done} / ${rows.length} lignes (${Math.round((100 * done) / rows.length)} %) : ${total.imported} ${dryRun ? 'à importer' : 'importées'}, ${total.alreadyImported} déjà importées, ${total.failed} refusées — ${(total.imported / Math.max(seconds, 0.001)).toFixed(1)} lignes/s`);
    }
  }
  for (const e of total.errors) console.log(`ligne ${e.line} (${e.identifiant || '?'}) : ${e.messages.join(' ; ')}`);
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `${dryRun ? 'essai (rien n’a été modifié)' : 'import'} : ${total.rows} lignes, ${total.imported} ${dryRun ? 'à importer' : 'importées'}, ${total.alreadyImported} déjà importées, ${total.failed} refusées, en ${seconds.toFixed(1)} s`,
  );
  if (process.env.IMPORT_REPORT_JSON) fs.writeFileSync(process.env.IMPORT_REPORT_JSON, JSON.stringify({ ...total, seconds }, null, 2));
  process.exit(total.failed ? 2 : 0);
}

main().catch((err) => {
  console.error(`[import] ${err.message}`);
  process.exit(1);
});
