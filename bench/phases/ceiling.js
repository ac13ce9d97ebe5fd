/**
 * The ceiling: a raw `node:http` server, in a process of its own, answering every request with the
 * exact bytes (status, headers, body) of one of Hearth's own owner `getUserProfile` answers, loaded by
 * the same client loop as row 4 (graphqlPhase: autocannon, same request, headers, check, duration
 * and warm-up). What a Node.js HTTP server can do on this machine with this load generator, so the
 * other rows can be read as a share of it.
 */
import { spawn } from 'node:child_process';
import { freePort } from '../lib/sandbox.js';
import { graphqlPhase, warmUp } from './graphql.js';

export const CEILING_RUNS = [
  { key: 'ceiling-c1', op: 'get', connections: 1 },
  { key: 'ceiling-c32', op: 'get', connections: 32 },
];

/** Headers a server sets per response or per connection; the raw server lets node:http set its own. */
const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/** One real answer of Hearth to the row-4 `get` request: status, headers and body bytes. */
async function sampleAnswer(ctx, prep) {
  const res = await fetch(ctx.dataUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: prep.token },
    body: prep.body('get'),
    signal: AbortSignal.timeout(15_000),
  });
  const body = await res.text();
  if (res.status !== 200 || !body.includes('"getUserProfile":{'))
    throw new Error(`the sample get answered HTTP ${res.status}: ${body.slice(0, 200)}`);
  const headers = {};
  for (const [k, v] of res.headers) if (!PER_CONNECTION.has(k)) headers[k] = v;
  return { status: res.status, headers, body };
}

/** Starts the raw server; it reads each request body to its end, then writes the fixed answer. */
async function startRawServer(answer) {
  const port = await freePort();
  const src = `const http=require('node:http');const a=${JSON.stringify(answer)};const b=Buffer.from(a.body);const h={...a.headers,'content-length':b.length};
http.createServer((q,s)=>{q.resume();q.on('end',()=>{s.writeHead(a.status,h);s.end(b)})}).listen(${port},'127.0.0.1',()=>console.log('up'))`;
  const child = spawn(process.execPath, ['-e', src], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.once('data', resolve);
    child.once('exit', (c) => reject(new Error(`the raw node:http server exited with ${c}`)));
  });
  return { pid: child.pid, url: `http://127.0.0.1:${port}/graphql`, stop: () => child.kill() };
}

/**
 * Runs `onRun(run, measure)` for each ceiling run while the raw server is up; `measure()` loads it
 * exactly as graphqlPhase loads Hearth (after the same unmeasured warm-up).
 */
export async function withCeiling(ctx, prep, onRun) {
  const answer = await sampleAnswer(ctx, prep);
  const raw = await startRawServer(answer);
  try {
    const rctx = { ...ctx, dataUrl: raw.url, server: { pid: raw.pid } };
    await warmUp(rctx, prep);
    const note = ` · fixed answer: Hearth's own getUserProfile response, ${Buffer.byteLength(answer.body)} bytes + its ${Object.keys(answer.headers).length} headers`;
    for (const run of CEILING_RUNS) {
      await onRun(run, async () => {
        const r = await graphqlPhase(rctx, prep, run);
        return { ...r, result: r.result + note };
      });
    }
  } finally {
    raw.stop();
  }
}
