// @ts-check
// A real SMTP server that keeps every message it accepts as a .eml file instead of delivering it:
// `npm start` runs one so a person can read what reminders were sent, and the end-to-end tests run
// one to check what arrived. It can also misbehave on demand, for the tests: refuse mail (4xx/5xx),
// go down and come back on the same port, and stall at a given step so a test can kill the sender
// in the middle of a delivery.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { SMTPServer } = require('smtp-server');

/**
 * @typedef {object} CaughtMessage
 * @property {string} file          absolute path of the .eml
 * @property {string} messageId     the Message-ID header, e.g. "<abc@maia.example>"
 * @property {string} from          the From header, decoded
 * @property {string[]} to          envelope recipients (RCPT TO)
 * @property {string} subject       decoded
 * @property {string} text          the body, decoded (single-part text messages)
 * @property {Record<string, string>} headers  lower-case names, decoded, last one wins
 * @property {string} raw
 */

/**
 * @typedef {'rcpt' | 'data'} Stage
 * 'rcpt': before accepting the recipient (nothing received yet);
 * 'data': after the whole message was received and stored, before answering 250 (the sender cannot
 * know it was accepted).
 */

/**
 * @typedef {object} SmtpCatcher
 * @property {string} url           smtp://127.0.0.1:<port>
 * @property {number} port
 * @property {string} dir
 * @property {() => CaughtMessage[]} messages  every message stored so far, oldest first
 * @property {(refusal: boolean | number | { code?: number, stage?: 'mail' | 'rcpt' | 'data' }) => void} refuse
 *   true: answer 451 (try again later) to MAIL FROM; a number: that code; false: accept again
 * @property {(stage: Stage | null) => void} stall  hold every transaction at `stage` until release()
 * @property {() => number} stalled  how many transactions are held now
 * @property {() => void} release   lets the held transactions go on (and stops stalling)
 * @property {() => Promise<void>} down  stops listening and drops every connection (an outage)
 * @property {() => Promise<void>} up    listens again on the same port
 * @property {() => Promise<void>} stop
 */

/** RFC 2047 encoded words (=?UTF-8?Q?...?= / =?UTF-8?B?...?=) → text. */
function decodeWords(/** @type {string} */ value) {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, charset, encoding, text) => {
      const bytes =
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (/** @type {string} */ _m, /** @type {string} */ hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
      return new TextDecoder(charset).decode(bytes);
    });
}

/** @param {string} body @param {string} encoding */
function decodeBody(body, encoding) {
  switch (encoding.toLowerCase()) {
    case 'quoted-printable': {
      const binary = body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex) => String.fromCharCode(parseInt(hex, 16)));
      return Buffer.from(binary, 'latin1').toString('utf8');
    }
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

/** @param {string} file @returns {CaughtMessage} */
function readMessage(file) {
  const raw = fs.readFileSync(file, 'utf8');
  const split = raw.search(/\r?\n\r?\n/);
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const body = split >= 0 ? raw.slice(split).replace(/^\r?\n\r?\n/, '') : '';
  /** @type {Record<string, string>} */
  const headers = {};
  /** @type {string[]} */
  const to = [];
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = decodeWords(line.slice(colon + 1).trim());
    headers[name] = value;
    if (name === 'delivered-to') to.push(value);
  }
  return {
    file,
    messageId: headers['message-id'] ?? '',
    from: headers.from ?? '',
    to,
    subject: headers.subject ?? '',
    text: decodeBody(body, headers['content-transfer-encoding'] ?? '7bit').replace(/\r\n/g, '\n'),
    headers,
    raw,
  };
}

/**
 * @param {{ port?: number, host?: string, dir: string, log?: (line: string) => void }} options
 *   port 0 picks a free one
 * @returns {Promise<SmtpCatcher>}
 */
async function startSmtpCatcher({ port = 1025, host = '127.0.0.1', dir, log = () => undefined }) {
  if (!dir) throw new Error('startSmtpCatcher needs a dir to store messages in');
  const folder = path.resolve(dir);
  fs.mkdirSync(folder, { recursive: true });
  /** @type {{ code: number, stage: 'mail' | 'rcpt' | 'data' } | null} */
  let refusal = null;
  /** @type {Stage | null} */
  let stallAt = null;
  /** @type {(() => void)[]} */
  let held = [];
  let counter = 0;
  /** @type {import('smtp-server').SMTPServer | null} */
  let server = null;
  let boundPort = port;

  /** @param {number} code */
  const refused = (code) => Object.assign(new Error(code >= 500 ? 'mail refused by the catcher (permanent)' : 'mail refused by the catcher, try again later'), { responseCode: code });

  /** @param {() => void} go */
  const hold = (go) => {
    held.push(go);
  };

  /** @param {Buffer} raw @param {import('smtp-server').SMTPServerSession} session */
  const store = (raw, session) => {
    counter += 1;
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${String(counter).padStart(4, '0')}.eml`;
    const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const envelope = [`Return-Path: <${from}>`, ...session.envelope.rcptTo.map((r) => `Delivered-To: ${r.address}`)].join('\r\n');
    const tmp = path.join(folder, `.${name}.tmp`);
    // Written aside then renamed: a reader never sees half a message.
    fs.writeFileSync(tmp, Buffer.concat([Buffer.from(`${envelope}\r\n`), raw]));
    fs.renameSync(tmp, path.join(folder, name));
    return name;
  };

  const create = () =>
    new SMTPServer({
      banner: 'care-pathway mail catcher (nothing is delivered)',
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 10 * 1024 * 1024,
      closeTimeout: 500,
      onAuth(auth, _session, callback) {
        callback(null, { user: auth.username });
      },
      onMailFrom(_address, _session, callback) {
        if (refusal && refusal.stage === 'mail') return callback(refused(refusal.code));
        callback();
      },
      onRcptTo(_address, _session, callback) {
        if (refusal && refusal.stage === 'rcpt') return callback(refused(refusal.code));
        if (stallAt === 'rcpt') return hold(() => callback());
        callback();
      },
      onData(stream, session, callback) {
        /** @type {Buffer[]} */
        const chunks = [];
        stream.on('data', (chunk) => chunks.push(chunk));
        stream.on('error', () => undefined); // the sender hung up mid-message: nothing is stored
        // 'end' only for a message received in full (up to the final dot).
        stream.on('end', () => {
          if (refusal && refusal.stage === 'data') return callback(refused(refusal.code));
          const name = store(Buffer.concat(chunks), session);
          log(`[mail] caught message for ${session.envelope.rcptTo.map((r) => r.address).join(', ')} → ${path.join(folder, name)}`);
          if (stallAt === 'data') return hold(() => callback(null, `OK: stored as ${name}`));
          callback(null, `OK: stored as ${name}`);
        });
      },
    });

  const listen = () =>
    new Promise((resolve, reject) => {
      const next = create();
      next.on('error', (err) => log(`[mail] catcher error: ${err.message}`));
      const onListenError = (/** @type {Error} */ err) => reject(new Error(`the mail catcher cannot listen on ${host}:${boundPort}: ${err.message}`));
      next.server.once('error', onListenError);
      next.listen(boundPort, host, () => {
        next.server.removeListener('error', onListenError);
        const address = next.server.address();
        if (address && typeof address === 'object') boundPort = address.port;
        server = next;
        resolve(undefined);
      });
    });

  const close = () =>
    new Promise((resolve) => {
      const current = server;
      server = null;
      if (!current) return resolve(undefined);
      // Like a server that crashed: every connection is cut at once, with no goodbye (smtp-server's own
      // close() answers "421 shutting down", which a client rightly reads as a refusal), and the held
      // transactions go with them.
      held = [];
      const connections = /** @type {{ connections?: Set<{ _socket?: import('node:net').Socket }> }} */ (/** @type {unknown} */ (current)).connections;
      for (const connection of connections ?? []) connection._socket?.destroy();
      current.close(() => resolve(undefined));
    });

  await listen();
  log(`[mail] catcher listening on smtp://${host}:${boundPort}, messages in ${folder}`);

  return {
    get url() {
      return `smtp://${host}:${boundPort}`;
    },
    get port() {
      return boundPort;
    },
    dir: folder,
    messages() {
      return fs
        .readdirSync(folder)
        .filter((name) => name.endsWith('.eml'))
        .sort()
        .map((name) => readMessage(path.join(folder, name)));
    },
    refuse(value) {
      if (value === false) refusal = null;
      else if (value === true) refusal = { code: 451, stage: 'mail' };
      else if (typeof value === 'number') refusal = { code: value, stage: 'mail' };
      else refusal = { code: value.code ?? 451, stage: value.stage ?? 'mail' };
    },
    stall(stage) {
      stallAt = stage;
    },
    stalled() {
      return held.length;
    },
    release() {
      stallAt = null;
      const go = held;
      held = [];
      for (const next of go) {
        try {
          next();
        } catch {
          /* the client went away meanwhile (e.g. a killed sender): nothing to answer */
        }
      }
    },
    async down() {
      await close();
    },
    async up() {
      if (!server) await listen();
    },
    async stop() {
      await close();
    },
  };
}

module.exports = { startSmtpCatcher, readMessage };
