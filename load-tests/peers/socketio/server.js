'use strict';
// Socket.IO peer chat server for livechat's load tests (load-tests/README.md, "Side by side: Socket.IO").
// The conversation model of io.livechat.load.peer.PeerSystem, with no storage:
//   join {conversationId}                       -> joins the room, ack {ok: true}
//   send {conversationId, clientMsgId, from, text} -> ack {ok: true, clientMsgId} to the sender, then
//        'message' {conversationId, from, text, clientMsgId} to every member of the room, the sender included.
// Both transports (long-polling and WebSocket). Port: argv[2], else $PORT, else 0 (any free port).
// GET /healthz answers 200 once listening; GET /gc runs a full collection when started with --expose-gc.
// Exits when its stdin closes, so that it never outlives the load generator that started it.

const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || process.env.PORT || 0);
const host = process.env.HOST || '127.0.0.1';

const httpServer = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok\n');
  } else if (req.url === '/gc') {
    if (typeof global.gc === 'function') {
      global.gc();
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(typeof global.gc === 'function' ? 'collected\n' : 'no --expose-gc\n');
  } else {
    res.writeHead(404);
    res.end();
  }
});

// long-polling sends share a few keep-alive connections that may idle between pings; Node's default of 5 s
// would close them under the client's feet
httpServer.keepAliveTimeout = 120000;

const io = new Server(httpServer, {
  transports: ['polling', 'websocket'],
  serveClient: false,
  // the defaults, written out: the client answers pings; a long-poll GET is answered at least every 25 s
  pingInterval: 25000,
  pingTimeout: 20000,
  maxHttpBufferSize: 1e6,
});

function validId(v) {
  return typeof v === 'string' && v.length > 0 && v.length <= 200;
}

io.on('connection', (socket) => {
  socket.on('join', (payload, ack) => {
    if (!payload || !validId(payload.conversationId)) {
      if (typeof ack === 'function') ack({ error: 'conversationId required' });
      return;
    }
    socket.join(payload.conversationId);
    if (typeof ack === 'function') ack({ ok: true });
  });

  socket.on('send', (payload, ack) => {
    const reply = typeof ack === 'function' ? ack : (body) => socket.emit('ack', body);
    if (!payload || !validId(payload.conversationId) || typeof payload.text !== 'string'
        || (payload.from !== 'visitor' && payload.from !== 'agent')) {
      reply({ error: 'conversationId, from and text required', clientMsgId: payload && payload.clientMsgId });
      return;
    }
    if (!socket.rooms.has(payload.conversationId)) {
      reply({ error: 'not a member of ' + payload.conversationId, clientMsgId: payload.clientMsgId });
      return;
    }
    reply({ ok: true, clientMsgId: payload.clientMsgId });
    io.to(payload.conversationId).emit('message', {
      conversationId: payload.conversationId,
      from: payload.from,
      text: payload.text,
      clientMsgId: payload.clientMsgId,
    });
  });
});

httpServer.listen(port, host, () => {
  const a = httpServer.address();
  console.log(`socketio-peer ready on ${a.address}:${a.port} (socket.io ${require('socket.io/package.json').version}, node ${process.version})`);
});

function stop() {
  io.close();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
