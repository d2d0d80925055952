// Preloaded into keyward by the no-network test (NODE_OPTIONS=--require …): every way Node can reach the
// network records the attempt in $KEYWARD_NET_LOG and throws. keyward must never make one.
const fs = require('node:fs');

const log = process.env.KEYWARD_NET_LOG;
function trap(name) {
  return function blocked() {
    const where = new Error(`network access attempted: ${name}`);
    if (log) fs.appendFileSync(log, `${name}\n${where.stack}\n\n`);
    throw where;
  };
}
function patch(mod, names, prefix) {
  for (const n of names) if (typeof mod[n] === 'function') mod[n] = trap(`${prefix}.${n}`);
}

const net = require('node:net');
patch(net, ['connect', 'createConnection', 'createServer'], 'net');
net.Socket.prototype.connect = trap('net.Socket.connect');
patch(require('node:tls'), ['connect'], 'tls');
patch(require('node:http'), ['request', 'get'], 'http');
patch(require('node:https'), ['request', 'get'], 'https');
patch(require('node:http2'), ['connect'], 'http2');
patch(require('node:dgram'), ['createSocket'], 'dgram');
const dns = require('node:dns');
patch(dns, ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveTxt', 'reverse'], 'dns');
patch(dns.promises, ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveTxt', 'reverse'], 'dns.promises');
globalThis.fetch = trap('fetch');
if (globalThis.WebSocket) globalThis.WebSocket = trap('WebSocket');
// ES module imports of node: builtins see the patched functions too.
require('node:module').syncBuiltinESMExports();
