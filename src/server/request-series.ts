/**
 * The per-request series of `/_hearth/metrics` (requests, errors, latency), kept in plain maps that
 * a request updates with one key and a few additions. prom-client's Counter and Histogram validate
 * and hash their labels on every observation, which cost as much as a cached GraphQL read's own
 * work; here prom-client only formats the series when the page is scraped, as it formats its own.
 */
import type { Metric, Registry } from 'prom-client';

export interface RequestSeries {
  /** one answered request; `operation` already bounded by the caller */
  record(r: { protocol: string; operation: string; status: number; failed: boolean; seconds: number }): void;
}

interface Count {
  labels: Record<string, string>;
  value: number;
}

interface Latency {
  labels: Record<string, string>;
  /** observations per bucket (not cumulative); one past the last bound: above every bound */
  perBucket: number[];
  sum: number;
  count: number;
}

/** The value prom-client reads from a metric when it renders the page (Counter's and Histogram's shape). */
interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/** Registers hearth_requests_total, hearth_request_errors_total and hearth_request_duration_seconds, in that order. */
export function registerRequestSeries(registry: Registry, bounds: readonly number[]): RequestSeries {
  const requests = new Map<string, Count>();
  const errors = new Map<string, Count>();
  const latency = new Map<string, Latency>();
  const help = {
    requests: 'Requests answered, by protocol, operation and status class',
    errors: 'Requests answered with an error (4xx, 5xx, or GraphQL errors)',
    latency: 'Time from the request to the end of the answer',
  };
  register(registry, 'hearth_requests_total', help.requests, 'counter', () => [...requests.values()]);
  register(registry, 'hearth_request_errors_total', help.errors, 'counter', () => [...errors.values()]);
  register(registry, 'hearth_request_duration_seconds', help.latency, 'histogram', () => histogramValues(latency, bounds));
  return {
    record({ protocol, operation, status, failed, seconds }) {
      const statusClass = `${Math.floor(status / 100)}xx`;
      const key = `${protocol}\n${operation}\n${statusClass}`;
      const labels = () => ({ protocol, operation, status_class: statusClass });
      count(requests, key, labels);
      if (failed || status >= 400) count(errors, key, labels);
      observe(latency, bounds, { protocol, operation, seconds });
    },
  };
}

function count(series: Map<string, Count>, key: string, labels: () => Record<string, string>): void {
  const c = series.get(key);
  if (c) c.value++;
  else series.set(key, { labels: labels(), value: 1 });
}

function observe(
  series: Map<string, Latency>,
  bounds: readonly number[],
  r: { protocol: string; operation: string; seconds: number },
): void {
  const { protocol, operation, seconds } = r;
  const key = `${protocol}\n${operation}`;
  let l = series.get(key);
  if (!l) {
    l = { labels: { protocol, operation }, perBucket: new Array(bounds.length + 1).fill(0), sum: 0, count: 0 };
    series.set(key, l);
  }
  let i = 0;
  while (i < bounds.length && seconds > (bounds[i] as number)) i++;
  (l.perBucket[i] as number)++;
  l.sum += seconds;
  l.count++;
}

/** Cumulative buckets, then +Inf, sum and count, per label set: the lines prom-client's Histogram writes. */
function histogramValues(series: Map<string, Latency>, bounds: readonly number[]): MetricValue[] {
  const name = 'hearth_request_duration_seconds';
  const values: MetricValue[] = [];
  for (const l of series.values()) {
    let cumulative = 0;
    bounds.forEach((le, i) => {
      cumulative += l.perBucket[i] as number;
      values.push({ labels: { le, ...l.labels }, value: cumulative, metricName: `${name}_bucket` });
    });
    values.push({ labels: { le: '+Inf', ...l.labels }, value: l.count, metricName: `${name}_bucket` });
    values.push({ labels: { ...l.labels }, value: l.sum, metricName: `${name}_sum` });
    values.push({ labels: { ...l.labels }, value: l.count, metricName: `${name}_count` });
  }
  return values;
}

function register(registry: Registry, name: string, help: string, type: 'counter' | 'histogram', values: () => MetricValue[]): void {
  const metric = { name, help, type, aggregator: 'sum', get: async () => ({ name, help, type, values: values(), aggregator: 'sum' }) };
  // a registry renders any object with this shape (name, help, type, get); prom-client types only its own classes
  registry.registerMetric(metric as unknown as Metric);
}
