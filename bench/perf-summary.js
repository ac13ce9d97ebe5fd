#!/usr/bin/env node
/**
 * Summarises a `perf record -g` of the sandbox (bench/auth-focus.js --perf) as ms of CPU per
 * operation: by kind of work (the first rule that matches a frame of the sample's stack), by the
 * innermost JavaScript function, and by leaf symbol. perf samples CPU time only (cpu-clock), user
 * and kernel, all threads of the process, so the columns add up to the phase's server CPU.
 *
 *   node bench/perf-summary.js test-artifacts/auth-focus/<engine>/profile/perf-srp-c1-0.data [--top 20]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const file = process.argv[2];
if (!file) throw new Error('usage: perf-summary.js <perf-<phase>-<round>.data> [--top n]');
const ti = process.argv.indexOf('--top');
const top = ti >= 0 ? Number(process.argv[ti + 1]) : 20;
const [, phase, round] = basename(file).match(/^perf-(.+)-(\d+)\.data$/) ?? [];
const meta = JSON.parse(readFileSync(join(dirname(file), 'phases.json'), 'utf8'));
const ops = meta.phases.filter((p) => p.key === phase)[Number(round)]?.ops;
if (!ops) throw new Error(`no op count for ${phase} round ${round} in phases.json`);

/**
 * A sample's kind is that of its innermost frame that some rule matches (rules in this order for
 * each frame). OpenSSL's assembly has no frame pointers, so its samples are told apart by symbol.
 */
const KINDS = [
  ['RS256 signatures (RSA-2048)', /ossl_rsaz|rsa_ossl|RSA_|signOneShot|signJwt/],
  ['SRP modexp (3072-bit, OpenSSL)', /__bn_|bn_[a-z0-9_]+|BN_|MOD_EXP|ossl_extract_multiplier|dhGenerateKeys|dhComputeSecret|modPow/],
  ['GC', /Heap::|Scavenger|MarkCompact|ConcurrentMarking|Sweeper|GCTracer|MemoryAllocator|Heap[A-Z]/],
  ['V8 compiler (JIT)', /v8::internal::compiler::|OptimizingCompile|maglev|Maglev|Compiler::|CompileLazy|baseline::/],
  ['hashes, HMAC, HKDF, AES-GCM, random', /Hash[^C]|Hmac|hkdf|Cipher|sha256|sha512|aes|gcm|EVP_|randomFill|RAND_|ossl_/],
  ['SQLite (better-sqlite3)', /better_sqlite3|sqlite3/],
  ['pg driver', /node_modules\/pg|pg-protocol|parseMessage/],
  [
    'Kysely (building, compiling statements)',
    /compileQuery|QueryCompiler|QueryBuilder|QueryNode|visitNode|parseInsert|parseValue|parseStringReference|executeQuery|provideConnection|acquireConnection|cloneWith|OperationNode/,
  ],
  ['JSON parse/stringify', /Json(Parser|Stringifier)/],
  ['kernel (socket I/O, epoll, scheduling)', /\[kernel\.kallsyms\]/],
  [
    'HTTP parsing and writing (node:http)',
    /llhttp|_http_|parserOn|OutgoingMessage|ServerResponse|writev|LibuvStreamWrap|StreamBase|onStreamRead|node:net|stream_base/,
  ],
  ['Hearth JS (protocol, auth, server)', /JS:.*(main\.js|chunk-)/],
  ['node internals (promises, timers, streams)', /JS:.*node:|Builtins_RunMicrotasks|uv_run/],
];
const kindOf = (frames) => {
  for (const f of frames) for (const [kind, re] of KINDS) if (re.test(f)) return kind;
  return 'other';
};

const out = execFileSync('perf', ['script', '-i', file], { maxBuffer: 1 << 30, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const kinds = new Map();
const leaves = new Map();
const jsFns = new Map();
let samples = 0;
let periodNs = 0;
const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
for (const block of out.split('\n\n')) {
  const lines = block.split('\n').filter((l) => l.trim());
  if (lines.length < 2) continue;
  const period = Number(lines[0].match(/:\s+(\d+)\s+cpu-clock/)?.[1] ?? 0);
  if (!period) continue;
  const frames = lines.slice(1).map((l) => l.trim().replace(/^[0-9a-f]+ /, ''));
  samples++;
  periodNs += period;
  add(kinds, kindOf(frames), period);
  add(leaves, frames[0].replace(/\+0x[0-9a-f]+/, '').replace(/ \(\/tmp\/perf-\d+\.map\)/, ''), period);
  const js = frames.find((f) => f.startsWith('JS:'));
  if (js) add(jsFns, js.replace(/\+0x[0-9a-f]+.*$/, '').replace(/file:\/\/\S*\//, ''), period);
}

const show = (title, m) => {
  console.log(`\n${title}`);
  for (const [k, ns] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${((ns / periodNs) * 100).toFixed(1).padStart(5)}%  ${(ns / 1e6 / ops).toFixed(3).padStart(6)} ms/op  ${k}`);
  }
};
console.log(`${basename(file)}: ${samples} samples, ${(periodNs / 1e6 / ops).toFixed(3)} ms of CPU per op over ${ops} ops`);
show('by kind of work', kinds);
show('by innermost JS function (natives it called included)', jsFns);
show('by leaf symbol', leaves);
