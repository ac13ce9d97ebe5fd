import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';

/** Every TLS connection starts with a handshake record: content type 22. */
const TLS_HANDSHAKE = 0x16;

/**
 * One port for plain HTTP and TLS: the Amplify client always opens `wss://` for realtime, even
 * against an `http://` endpoint (reference §F.1). Each connection's first byte tells them apart;
 * TLS connections are decrypted with a self-signed certificate (made on first use, kept in
 * `certDir`) and then served by the same HTTP server. Clients must trust that certificate
 * (NODE_EXTRA_CA_CERTS, or the browser's exception); `hearth/client` avoids the need by
 * rewriting wss:// to ws:// for http endpoints.
 */
export function listenWithTlsSniffing(http: HttpServer, certDir: string): { listener: NetServer; destroyConnections(): void } {
  let tls: TlsServer | undefined;
  // the HTTP server tracks the TLS sockets, not the raw ones under them: shutdown must end those
  const raw = new Set<Socket>();
  const tlsServer = async (): Promise<TlsServer> => {
    if (tls) return tls;
    const { key, cert } = await loadOrCreateCertificate(certDir);
    tls ??= createTlsServer({ key, cert }, (secure) => http.emit('connection', secure));
    tls.on('tlsClientError', (_e, s) => s.destroy());
    return tls;
  };
  const listener = createNetServer({ pauseOnConnect: true }, (socket: Socket) => {
    raw.add(socket);
    socket.once('close', () => raw.delete(socket));
    socket.on('error', () => {});
    socket.once('readable', () => {
      const first: Buffer | null = socket.read(1);
      if (!first) return void socket.destroy();
      socket.unshift(first);
      if (first[0] !== TLS_HANDSHAKE) return void http.emit('connection', socket);
      tlsServer().then(
        (t) => t.emit('connection', socket),
        () => socket.destroy(),
      );
    });
    socket.resume();
  });
  const destroyConnections = () => {
    for (const s of raw) s.destroy();
  };
  return { listener, destroyConnections };
}

async function loadOrCreateCertificate(dir: string): Promise<{ key: string; cert: string }> {
  const keyFile = join(dir, 'localhost-key.pem');
  const certFile = join(dir, 'localhost-cert.pem');
  try {
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } catch {
    // first TLS connection of this app: make one
  }
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 825 * 24 * 3600 * 1000),
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  writeFileSync(certFile, pems.cert);
  return { key: pems.private, cert: pems.cert };
}
