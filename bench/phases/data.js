/**
 * Rows 5–8: the data surface on the catalog app (bench/apps/catalog): filtered lists over 100,000
 * rows with and without a usable index, a secondary-index query, a nested hasMany query, and
 * subscription fan-out to 1,000 realtime subscribers.
 */
import autocannon from 'autocannon';
import { WebSocket } from 'ws';
import { cpuPerOp, sampleCpu } from '../lib/proc-cpu.js';
import { fmt, ms, percentile } from '../lib/stats.js';

export const ITEMS = 100_000;
const CATEGORIES = 1_000;
const REVIEWED_ITEMS = 200;
const REVIEWS_PER_ITEM = 20;
const BATCH = 250;
const SEED_CONCURRENCY = 4;
const DURATION_S = 3;
export const SUBSCRIBERS = 1_000;
const FANOUT_MUTATIONS = 20;

const item = (i) => ({
  id: `item-${i}`,
  sku: `sku-${i}`,
  category: `c${i % CATEGORIES}`,
  price: ((i * 7919) % 10_000) / 100,
  name: `item ${i}`,
});

export const DATA_RUNS = [
  {
    key: 'list-scan',
    query: 'query { listItems(filter: {name: {eq: "item 54321"}}) { items { id name } nextToken } }',
    check: (d) => d.listItems.items.length === 1 && d.listItems.items[0].id === 'item-54321',
    cpuAtMostMs: 5,
  },
  {
    key: 'list-indexed',
    query: 'query { listItems(filter: {category: {eq: "c421"}}, limit: 100) { items { id category price } nextToken } }',
    check: (d) => d.listItems.items.length === 100 && d.listItems.items.every((x) => x.category === 'c421'),
  },
  {
    key: 'index-query',
    query:
      'query { listItemByCategoryAndPrice(category: "c421", price: {between: [10, 60]}, sortDirection: DESC) { items { id price } nextToken } }',
    check: (d) => {
      const prices = d.listItemByCategoryAndPrice.items.map((x) => x.price);
      return prices.length > 0 && prices.every((p, i) => p >= 10 && p <= 60 && (i === 0 || p <= prices[i - 1]));
    },
  },
  {
    key: 'nested',
    query: 'query { getItem(id: "item-7") { id name reviews(limit: 20) { items { id stars text } nextToken } } }',
    check: (d) => d.getItem.reviews.items.length === REVIEWS_PER_ITEM,
  },
];

async function post(ctx, query) {
  const res = await fetch(ctx.dataUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': ctx.apiKey },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(60_000),
  });
  const body = await res.json();
  if (res.status !== 200 || body.errors) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body.data;
}

const literal = (o) =>
  `{${Object.entries(o)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ')}}`;

/** Creates rows through the API: aliased mutations, BATCH per request, a few requests at a time. */
async function createMany(ctx, field, inputs) {
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const slice = inputs.slice(next, next + BATCH);
      next += BATCH;
      const body = slice.map((input, j) => `m${j}: ${field}(input: ${literal(input)}) { id }`).join('\n');
      await post(ctx, `mutation {\n${body}\n}`);
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
}

/** Seeds 100,000 items and 4,000 reviews; returns the seeding rate (not a target, context only). */
export async function seedCatalog(ctx) {
  const t = performance.now();
  await createMany(
    ctx,
    'createItem',
    Array.from({ length: ITEMS }, (_, i) => item(i)),
  );
  const reviews = [];
  for (let i = 0; i < REVIEWED_ITEMS; i++) {
    for (let r = 0; r < REVIEWS_PER_ITEM; r++) reviews.push({ itemId: `item-${i}`, stars: 1 + (r % 5), text: `review ${r} of item ${i}` });
  }
  await createMany(ctx, 'createReview', reviews);
  const elapsed = performance.now() - t;
  return { rows: ITEMS + reviews.length, ms: elapsed, rate: ((ITEMS + reviews.length) / elapsed) * 1000 };
}

function cannon(opts) {
  const latencies = [];
  return new Promise((resolve, reject) => {
    const inst = autocannon(opts, (err, res) => (err ? reject(err) : resolve({ res, latencies })));
    inst.on('response', (_c, _s, _b, t) => latencies.push(t));
  });
}

/** One autocannon run of a query whose answer was checked first. */
export async function dataQueryPhase(ctx, run, connections = 8) {
  const sample = await post(ctx, run.query);
  if (!run.check(sample)) throw new Error(`sample answer is wrong: ${JSON.stringify(sample).slice(0, 300)}`);
  const cpu0 = sampleCpu(ctx.server.pid);
  const { res, latencies } = await cannon({
    url: ctx.dataUrl,
    method: 'POST',
    connections,
    duration: DURATION_S,
    headers: { 'content-type': 'application/json', 'x-api-key': ctx.apiKey },
    body: JSON.stringify({ query: run.query }),
    verifyBody: (b) => typeof b === 'string' && !b.includes('"errors"'),
    timeout: 20,
  });
  const cpu1 = sampleCpu(ctx.server.pid);
  const total = res.requests.total;
  const bad = res.non2xx + res.mismatches + res.errors + res.timeouts;
  const rps = total / res.duration;
  const cpu = cpuPerOp(cpu0, cpu1, total);
  return {
    result: `${fmt(rps)} req/s · p50 ${ms(percentile(latencies, 0.5))} · p99 ${ms(percentile(latencies, 0.99))} · c=${connections} · ${bad} bad · n=${total.toLocaleString('en-US')}`,
    cpu,
    pass: run.cpuAtMostMs === undefined ? undefined : bad === 0 && cpu !== undefined && cpu.totalMs < run.cpuAtMostMs,
    errorsSeen: bad,
  };
}

const b64url = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const amzDate = () =>
  new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** A raw realtime subscriber as aws-amplify ≥ 6.6 connects (reference §F.2/F.3), on ws:// to the sandbox. */
function subscriber(ctx, id, onData) {
  const host = new URL(ctx.dataUrl).host;
  const auth = { host, 'x-amz-date': amzDate(), 'x-api-key': ctx.apiKey };
  const url = `${ctx.dataUrl.replace(/^http/, 'ws')}/realtime`;
  const ws = new WebSocket(url, ['graphql-ws', `header-${b64url(auth)}`]);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`subscriber ${id} got no start_ack in 30 s`)), 30_000);
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
    ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString());
      if (m.type === 'connection_ack') {
        const data = JSON.stringify({ query: 'subscription { onCreateItem { id } }', variables: {} });
        ws.send(JSON.stringify({ id, type: 'start', payload: { data, extensions: { authorization: auth } } }));
      } else if (m.type === 'start_ack') {
        clearTimeout(timer);
        resolve(ws);
      } else if (m.type === 'data') {
        onData(m.payload.data.onCreateItem.id);
      } else if (m.type === 'error' || m.type === 'connection_error') {
        reject(new Error(`subscriber ${id}: ${JSON.stringify(m)}`));
      }
    });
  });
}

/** Time from sending a mutation to its event reaching every one of SUBSCRIBERS sockets (`tag` keeps repeated runs' ids apart). */
export async function fanOutPhase(ctx, tag = '') {
  const arrivals = new Map();
  const onData = (itemId) => arrivals.get(itemId)?.push(performance.now());
  const sockets = [];
  for (let i = 0; i < SUBSCRIBERS; i += 100) {
    const batch = Array.from({ length: Math.min(100, SUBSCRIBERS - i) }, (_, j) => subscriber(ctx, `s${i + j}`, onData));
    sockets.push(...(await Promise.all(batch)));
  }
  const toAll = [];
  const toHalf = [];
  const cpu0 = sampleCpu(ctx.server.pid);
  try {
    for (let n = 0; n < FANOUT_MUTATIONS; n++) {
      const id = `fanout-${tag}${n}`;
      arrivals.set(id, []);
      const t0 = performance.now();
      await post(ctx, `mutation { createItem(input: ${literal({ ...item(ITEMS + n), id })}) { id } }`);
      const got = arrivals.get(id);
      for (let w = 0; got.length < SUBSCRIBERS && w < 500; w++) await new Promise((r) => setTimeout(r, 10));
      if (got.length < SUBSCRIBERS) throw new Error(`mutation ${n}: only ${got.length}/${SUBSCRIBERS} subscribers got the event in 5 s`);
      const sorted = got.sort((a, b) => a - b);
      toHalf.push(sorted[SUBSCRIBERS / 2 - 1] - t0);
      toAll.push(sorted[SUBSCRIBERS - 1] - t0);
    }
  } finally {
    for (const ws of sockets) ws.terminate();
  }
  const cpu1 = sampleCpu(ctx.server.pid);
  return {
    result: `to all ${SUBSCRIBERS}: p50 ${ms(percentile(toAll, 0.5))}, max ${ms(Math.max(...toAll))} · to half: p50 ${ms(percentile(toHalf, 0.5))} · ${FANOUT_MUTATIONS} mutations, every event delivered to every subscriber`,
    cpu: cpuPerOp(cpu0, cpu1, FANOUT_MUTATIONS),
    cpuNote: 'per mutation, incl. its fan-out',
    pass: percentile(toAll, 0.5) < 20,
  };
}
