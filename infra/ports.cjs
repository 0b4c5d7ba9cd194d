// @ts-check
// TCP port helpers for the launchers: pick a free port for throw-away stacks (tests), and refuse to
// start a service on a busy port with one readable line instead of a bind error deep in its logs.
'use strict';
const net = require('node:net');

/**
 * A port that is free on 127.0.0.1 right now (the OS picks it). Another process could take it
 * before we bind it, but ephemeral ports are handed out round-robin, so that race is rare.
 * @returns {Promise<number>}
 */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Whether we can listen on `port` at `host` (undefined = every address, IPv6 and IPv4).
 * @param {number} port
 * @param {string} [host]
 * @returns {Promise<boolean>}
 */
function canListen(port, host) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (/** @type {NodeJS.ErrnoException} */ err) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve(false);
      // No IPv6 on this machine: the wildcard check cannot run; the 127.0.0.1 one still did.
      else if (err.code === 'EAFNOSUPPORT' || err.code === 'EADDRNOTAVAIL') resolve(true);
      else reject(err);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Whether nothing listens on `port`: checks 127.0.0.1 (where our services bind) and the wildcard
 * address (the API may bind to every address, and a server on another address still conflicts).
 * @param {number} port
 */
async function isPortFree(port) {
  return (await canListen(port, '127.0.0.1')) && (await canListen(port, undefined));
}

/**
 * Rejects with one clear line when `port` is taken, e.g.
 * "port 3000 (API) is already in use; set PORT to another port".
 * @param {number} port
 * @param {string} what     the service that wants the port, e.g. "API"
 * @param {string} [envVar] the setting that moves it, e.g. "PORT"
 */
async function assertPortFree(port, what, envVar) {
  if (await isPortFree(port)) return;
  const hint = envVar ? `set ${envVar} to another port` : 'stop whatever listens there or choose another port';
  throw new Error(`port ${port} (${what}) is already in use; ${hint}`);
}

/**
 * Parses a port setting, rejecting anything but an integer in 1..65535 with one clear line.
 * @param {string | undefined} value
 * @param {number} fallback
 * @param {string} envVar
 */
function portSetting(value, fallback, envVar) {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${envVar}=${value} is not a valid port (expected 1-65535)`);
  }
  return port;
}

module.exports = { freePort, isPortFree, assertPortFree, portSetting };
