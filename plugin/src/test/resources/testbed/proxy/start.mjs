// The test bed's HTTP proxy on 127.0.0.1:$PORT. Requests need Proxy-Authorization: Basic $PROXY_USER:$PROXY_PASSWORD.
// Prints one line per proxied request ("PROXIED <method> <target>") and per refusal ("REFUSED <method> <target>"),
// never the credentials. GET /health (not a proxy request) answers 200 for the test bed's readiness check.
import http from 'node:http';
import { createProxy } from 'proxy';

const expected = 'Basic ' + Buffer.from(`${process.env.PROXY_USER}:${process.env.PROXY_PASSWORD}`).toString('base64');
const server = createProxy(http.createServer());
server.authenticate = (req) => {
  const ok = req.headers['proxy-authorization'] === expected;
  console.log(`${ok ? 'PROXIED' : 'REFUSED'} ${req.method} ${req.url}`);
  return ok;
};
const proxying = server.listeners('request');
server.removeAllListeners('request');
server.on('request', (req, res) => {
  if (req.url === '/health') {
    res.end('ok');
    return;
  }
  for (const listener of proxying) {
    listener.call(server, req, res);
  }
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`listening on ${process.env.PORT}`));
