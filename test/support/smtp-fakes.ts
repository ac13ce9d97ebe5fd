/** A real SMTP server (smtp-server) for mail tests, with a self-signed certificate for TLS. */
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { SMTPServer } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  raw: string;
  user?: string;
}

export interface TestSmtpServer {
  port: number;
  received: Received[];
  /** while set, every message is refused with a 451 (a temporary failure) */
  failing: boolean;
  close(): Promise<void>;
}

export async function selfSignedCert(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

export async function startSmtpServer(o: {
  secure: boolean;
  tls?: { key: string; cert: string };
  user: string;
  pass: string;
}): Promise<TestSmtpServer> {
  const received: Received[] = [];
  const state = { failing: false };
  const server = new SMTPServer({
    secure: o.secure,
    ...(o.tls ?? {}),
    // without TLS the server would refuse AUTH on a plain connection
    allowInsecureAuth: !o.tls,
    // without a certificate of ours, offer no STARTTLS (smtp-server's built-in one has expired)
    hideSTARTTLS: !o.tls,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === o.user && auth.password === o.pass) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.failing) {
          const err = Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 });
          cb(err);
          return;
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: session.user as string | undefined,
        });
        cb(null);
      });
    },
  });
  // a client that drops the TLS handshake (an untrusted certificate) is an expected event here
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    get failing() {
      return state.failing;
    },
    set failing(v: boolean) {
      state.failing = v;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
