/**
 * Rows 9–12: file storage on bench/apps/files (defineStorage with a guest-writable `public/*`).
 * PUTs and GETs of 4 KB and 1 MB objects at c=1 and c=16, a 1 MB GET of raw `node:http` streaming
 * the same bytes from a file (the yardstick the 1 MB GET is held to), a ListObjectsV2 of 1,000 keys,
 * and a 50 MB multipart upload.
 *
 * Requests are S3 presigned URLs made once, before timing, with guest identity-pool credentials
 * (Hearth checks each signature and the path rules on every request, as it does for the Amplify
 * client), so the load generator (autocannon) spends its CPU on HTTP, not on signing.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import autocannon from 'autocannon';
import { cpuPerOp, sampleCpu } from '../lib/proc-cpu.js';
import { freePort, REPO } from '../lib/sandbox.js';
import { fmt, ms, percentile } from '../lib/stats.js';

const KB4 = 4 * 1024;
const MB1 = 1024 * 1024;
const DURATION_S = 3;
const PUT_KEYS = 2_000;
const LIST_KEYS = 1_000;
const MULTIPART_MB = 50;
const PART_MB = 5;

export const STORAGE_RUNS = [
  { key: 'put-4k-c1', op: 'put', size: KB4, connections: 1 },
  { key: 'put-4k-c16', op: 'put', size: KB4, connections: 16 },
  { key: 'get-4k-c1', op: 'get', size: KB4, connections: 1 },
  { key: 'get-4k-c16', op: 'get', size: KB4, connections: 16 },
  { key: 'put-1m-c1', op: 'put', size: MB1, connections: 1 },
  { key: 'put-1m-c16', op: 'put', size: MB1, connections: 16 },
  { key: 'get-1m-c1', op: 'get', size: MB1, connections: 1 },
  { key: 'get-1m-c16', op: 'get', size: MB1, connections: 16 },
];

/** Guest credentials from the identity pool, as fetchAuthSession gets them for a signed-out user. */
async function guestCredentials(baseUrl, identityPoolId) {
  const call = async (op, body) => {
    const res = await fetch(`${baseUrl}/cognito`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityService.${op}` },
      body: JSON.stringify(body),
    });
    const json = await res.json();
    if (res.status !== 200) throw new Error(`${op}: HTTP ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { IdentityId } = await call('GetId', { IdentityPoolId: identityPoolId });
  const { Credentials: c } = await call('GetCredentialsForIdentity', { IdentityId });
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretKey, sessionToken: c.SessionToken };
}

/** An S3 client on Hearth's endpoint, the presigned URLs of the runs, and the seeded objects. */
export async function prepareStorage(ctx) {
  const { outputs } = ctx.server;
  const endpoint = outputs.custom?.hearth?.storageEndpoint;
  if (!endpoint) throw new Error('amplify_outputs.json has no custom.hearth.storageEndpoint');
  const s3 = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: outputs.storage.aws_region,
    credentials: await guestCredentials(ctx.server.baseUrl, outputs.auth.identity_pool_id),
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const Bucket = outputs.storage.bucket_name;
  const presign = (cmd) => getSignedUrl(s3, cmd, { expiresIn: 3600 });
  const bodies = { [KB4]: randomBytes(KB4), [MB1]: randomBytes(MB1) };
  const prep = { s3, Bucket, endpoint, bodies, get: {}, put: {} };
  for (const size of [KB4, MB1]) {
    const Key = `public/get/${size}.bin`;
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: bodies[size], ContentType: 'application/octet-stream' }));
    prep.get[size] = await presign(new GetObjectCommand({ Bucket, Key }));
    const keys = Array.from({ length: size === KB4 ? PUT_KEYS : 64 }, (_, i) => `public/put/${size}/${i}.bin`);
    prep.put[size] = await Promise.all(keys.map((Key) => presign(new PutObjectCommand({ Bucket, Key }))));
  }
  return prep;
}

function cannon(opts) {
  const latencies = [];
  return new Promise((resolve, reject) => {
    const inst = autocannon(opts, (err, res) => (err ? reject(err) : resolve({ res, latencies })));
    inst.on('response', (_c, _s, _b, t) => latencies.push(t));
  });
}

/** autocannon over `urls` (round robin), with the server CPU of `pid` over the run. */
async function load({ pid, urls, method, body, connections }) {
  const first = new URL(urls[0]);
  let i = 0;
  const cpu0 = sampleCpu(pid);
  const { res, latencies } = await cannon({
    url: first.origin,
    connections,
    duration: DURATION_S,
    timeout: 30,
    requests: [
      {
        method,
        ...(body && { body, headers: { 'content-type': 'application/octet-stream' } }),
        setupRequest: (req) => {
          const u = new URL(urls[i++ % urls.length]);
          return { ...req, path: `${u.pathname}${u.search}` };
        },
      },
    ],
  });
  const cpu1 = sampleCpu(pid);
  const total = res.requests.total;
  const bad = res.non2xx + res.errors + res.timeouts;
  return { total, bad, rps: total / res.duration, latencies, cpu: cpuPerOp(cpu0, cpu1, total), mbps: res.throughput.average / MB1 };
}

const line = (r, connections) =>
  `${fmt(r.rps)} req/s · p50 ${ms(percentile(r.latencies, 0.5))} · p99 ${ms(percentile(r.latencies, 0.99))} · c=${connections} · ${r.bad} bad · n=${r.total.toLocaleString('en-US')}`;

export async function storagePhase(ctx, prep, run) {
  const urls = run.op === 'get' ? [prep.get[run.size]] : prep.put[run.size];
  const check = await fetch(urls[0], run.op === 'put' ? { method: 'PUT', body: prep.bodies[run.size] } : {});
  const got = Buffer.from(await check.arrayBuffer());
  if (check.status !== 200 || (run.op === 'get' && !got.equals(prep.bodies[run.size])))
    throw new Error(`sample ${run.op} answered HTTP ${check.status}: ${got.toString('utf8', 0, 300)}`);
  const r = await load({
    pid: ctx.server.pid,
    urls,
    method: run.op === 'get' ? 'GET' : 'PUT',
    body: run.op === 'put' ? prep.bodies[run.size] : undefined,
    connections: run.connections,
  });
  const out = { result: line(r, run.connections), cpu: r.cpu, errorsSeen: r.bad, rps: r.rps };
  if (run.key === 'put-4k-c1' || run.key === 'put-4k-c16') out.pass = r.bad === 0 && r.cpu && r.cpu.totalMs < 1;
  return out;
}

/** Raw node:http streaming the same 1 MB from a file, in a process of its own, loaded the same way. */
export async function rawStreamPhase(prep, hearthRps) {
  const dir = join(REPO, 'test-artifacts', 'bench', 'raw-http');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, '1m.bin');
  writeFileSync(file, prep.bodies[MB1]);
  const port = await freePort();
  const src = `const http=require('node:http'),fs=require('node:fs');http.createServer((q,s)=>{s.writeHead(200,{'content-type':'application/octet-stream','content-length':${MB1}});fs.createReadStream(${JSON.stringify(file)}).pipe(s)}).listen(${port},'127.0.0.1',()=>console.log('up'))`;
  const child = spawn(process.execPath, ['-e', src], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise((resolve, reject) => {
      child.stdout.once('data', resolve);
      child.once('exit', (c) => reject(new Error(`raw server exited with ${c}`)));
    });
    const r = await load({ pid: child.pid, urls: [`http://127.0.0.1:${port}/1m.bin`], method: 'GET', connections: 16 });
    const ratio = hearthRps / r.rps;
    return {
      result: `${line(r, 16)} · Hearth's 1 MB GET c=16 is ${Math.round(ratio * 100)}% of this`,
      cpu: r.cpu,
      pass: ratio >= 0.7,
    };
  } finally {
    child.kill();
  }
}

/** ListObjectsV2 of 1,000 keys (one page), after seeding them. */
export async function listPhase(ctx, prep) {
  const { s3, Bucket } = prep;
  let next = 0;
  const worker = async () => {
    while (next < LIST_KEYS) {
      const i = next++;
      await s3.send(new PutObjectCommand({ Bucket, Key: `public/list/${String(i).padStart(4, '0')}.txt`, Body: `item ${i}` }));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const url = await getSignedUrl(s3, new ListObjectsV2Command({ Bucket, Prefix: 'public/list/', MaxKeys: 1000 }), { expiresIn: 3600 });
  const sample = await (await fetch(url)).text();
  const count = (sample.match(/<Key>/g) ?? []).length;
  if (count !== LIST_KEYS) throw new Error(`the list answered ${count} keys, not ${LIST_KEYS}: ${sample.slice(0, 300)}`);
  const r = await load({ pid: ctx.server.pid, urls: [url], method: 'GET', connections: 4 });
  return { result: line(r, 4), cpu: r.cpu, errorsSeen: r.bad };
}

/** One 50 MB multipart upload: 10 parts of 5 MB, 4 in flight, as uploadData sends them. */
export async function multipartPhase(ctx, prep) {
  const { s3, Bucket } = prep;
  const Key = `public/multipart/${Date.now()}.bin`;
  const part = randomBytes(PART_MB * MB1);
  const parts = MULTIPART_MB / PART_MB;
  const cpu0 = sampleCpu(ctx.server.pid);
  const t = performance.now();
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
  const etags = [];
  let next = 1;
  const worker = async () => {
    while (next <= parts) {
      const PartNumber = next++;
      const r = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: part }));
      etags[PartNumber - 1] = { PartNumber, ETag: r.ETag };
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: etags } }));
  const elapsed = performance.now() - t;
  const cpu1 = sampleCpu(ctx.server.pid);
  const head = await fetch(await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key }), { expiresIn: 60 }), { method: 'HEAD' });
  const size = Number(head.headers.get('content-length'));
  if (size !== MULTIPART_MB * MB1) throw new Error(`the completed object has ${size} bytes, not ${MULTIPART_MB * MB1}`);
  return {
    result: `${fmt((MULTIPART_MB / elapsed) * 1000)} MB/s · ${ms(elapsed)} for ${MULTIPART_MB} MB in ${parts} parts, 4 in flight`,
    cpu: cpuPerOp(cpu0, cpu1, MULTIPART_MB),
    cpuNote: 'per MB',
  };
}
