import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; body: string } | { ok: false; reason: 'too-large' | 'aborted' };

/**
 * Reads a request body up to `limit` bytes. A larger body is drained (up to `drainLimit`) before the
 * caller answers, so the client gets a readable 413 rather than a reset connection.
 */
export function readBody(req: IncomingMessage, limit: number, drainLimit = 64 * 1024 * 1024): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > drainLimit) {
        req.destroy();
        resolve({ ok: false, reason: 'too-large' });
      }
    });
    req.on('end', () =>
      resolve(size > limit ? { ok: false, reason: 'too-large' } : { ok: true, body: Buffer.concat(chunks).toString('utf8') }),
    );
    req.on('error', () => resolve({ ok: false, reason: 'aborted' }));
  });
}
