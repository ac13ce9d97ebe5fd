/**
 * Prometheus metrics for `/_hearth/metrics`, one registry per backend (tests start several in one
 * process). Labels name the protocol, the operation and the status class only: never a user name,
 * an email, a key or an id, so the page can be scraped by anyone allowed to see traffic volumes.
 */
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { FunctionInvoker } from '../functions/index.js';
import { registerRequestSeries } from './request-series.js';

/** Who may read `/_hearth/metrics`: nobody (404), loopback callers only, or every caller. */
export type MetricsAccess = 'off' | 'loopback' | 'all';

export interface RequestObservation {
  protocol: string;
  operation: string;
  status: number;
  /** a GraphQL answer with `errors` is an error even with status 200 */
  failed: boolean;
  seconds: number;
}

export interface HearthMetrics {
  readonly registry: Registry;
  observeRequest(o: RequestObservation): void;
  observeInvocation(fn: string, outcome: 'ok' | 'error' | 'timeout'): void;
  /** realtime sockets open now (+1 on upgrade, -1 on close) */
  realtimeConnections(delta: number): void;
  /** where the number of open subscriptions comes from (the realtime server, when it can tell) */
  setOpenSubscriptions(count: () => number): void;
  /** the Prometheus text exposition */
  render(): Promise<{ contentType: string; body: string }>;
}

/** Upper bound of distinct operation labels per protocol: unknown names sent by a client must not grow the page. */
const MAX_OPERATIONS = 300;

/** Latency buckets from 1 ms to 10 s: Cognito's hashing and SRP sit near 50–200 ms, data reads well under. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(o: { defaultMetrics?: boolean } = {}): HearthMetrics {
  const registry = new Registry();
  if (o.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'hearth_' });
  const requests = registerRequestSeries(registry, BUCKETS);
  const invocations = new Counter({
    name: 'hearth_function_invocations_total',
    help: 'Function invocations, by function and outcome',
    labelNames: ['function', 'outcome'],
    registers: [registry],
  });
  const connections = new Gauge({
    name: 'hearth_realtime_connections',
    help: 'Realtime WebSocket connections open now',
    registers: [registry],
  });
  let subscriptions: (() => number) | undefined;
  new Gauge({
    name: 'hearth_realtime_subscriptions',
    help: 'Realtime subscriptions open now',
    registers: [registry],
    collect() {
      if (subscriptions) this.set(subscriptions());
    },
  });
  const seen = new Map<string, Set<string>>();
  const bounded = (protocol: string, operation: string) => {
    let set = seen.get(protocol);
    if (!set) {
      set = new Set<string>();
      seen.set(protocol, set);
    }
    if (set.has(operation)) return operation;
    if (set.size >= MAX_OPERATIONS) return 'other';
    set.add(operation);
    return operation;
  };
  return {
    registry,
    observeRequest(r) {
      requests.record({ ...r, operation: bounded(r.protocol, r.operation) });
    },
    observeInvocation: (fn, outcome) => invocations.inc({ function: fn, outcome }),
    realtimeConnections: (delta) => connections.inc(delta),
    setOpenSubscriptions(count) {
      subscriptions = count;
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/** Counts every invocation of `functions` (replaces its `invoke` in place, so every holder sees it). */
export function countInvocations(functions: FunctionInvoker, metrics: HearthMetrics): void {
  const invoke = functions.invoke.bind(functions);
  functions.invoke = async (name, event) => {
    const r = await invoke(name, event);
    metrics.observeInvocation(name, r.ok ? 'ok' : r.kind);
    return r;
  };
}
