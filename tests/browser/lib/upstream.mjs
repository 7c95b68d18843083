// A tiny upstream API for gateway products, on 127.0.0.1 over plain http: it answers every request
// with 200 and a small JSON body naming the path, and remembers what it was sent (method, path and
// headers) so a test can see what the exchange forwarded.
import http from 'node:http';

export async function startUpstream() {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ok: true, path: req.url, arrivals: [{ line: '71', stop: '延安东路外滩', in_s: 120 }] }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    seen,
    // The exchange keeps idle keep-alive connections to its upstreams: end them too.
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
  };
}
