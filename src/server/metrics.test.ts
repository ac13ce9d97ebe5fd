import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { countInvocations, createMetrics, type RequestObservation } from './metrics.js';

const metricLines = (page: string, name: string) => page.split('\n').filter((l) => l.startsWith(name));

describe('metrics', () => {
  it('counts requests and errors per protocol, operation and status class, with a latency histogram', async () => {
    const m = createMetrics({ defaultMetrics: false });
    m.observeRequest({ protocol: 'cognito', operation: 'SignUp', status: 200, failed: false, seconds: 0.02 });
    m.observeRequest({ protocol: 'cognito', operation: 'SignUp', status: 400, failed: false, seconds: 0.01 });
    m.observeRequest({ protocol: 'appsync', operation: 'query listTodos', status: 200, failed: true, seconds: 0.003 });
    const page = (await m.render()).body;
    expect(metricLines(page, 'hearth_requests_total')).toEqual([
      'hearth_requests_total{protocol="cognito",operation="SignUp",status_class="2xx"} 1',
      'hearth_requests_total{protocol="cognito",operation="SignUp",status_class="4xx"} 1',
      'hearth_requests_total{protocol="appsync",operation="query listTodos",status_class="2xx"} 1',
    ]);
    expect(metricLines(page, 'hearth_request_errors_total')).toEqual([
      'hearth_request_errors_total{protocol="cognito",operation="SignUp",status_class="4xx"} 1',
      'hearth_request_errors_total{protocol="appsync",operation="query listTodos",status_class="2xx"} 1',
    ]);
    expect(page).toContain('hearth_request_duration_seconds_count{protocol="cognito",operation="SignUp"} 2');
  });

  it("writes the request series exactly as prom-client's own Counter and Histogram write them", async () => {
    const seen: RequestObservation[] = [
      { protocol: 'appsync', operation: 'query getTodo', status: 200, failed: false, seconds: 0.0004 },
      { protocol: 'cognito', operation: 'Initiate"Auth\\', status: 400, failed: false, seconds: 0.0025 },
      { protocol: 'appsync', operation: 'query getTodo', status: 200, failed: true, seconds: 0.3 },
      { protocol: 'appsync', operation: 'query getTodo', status: 503, failed: false, seconds: 12 },
      { protocol: 'hearth', operation: 'ready', status: 200, failed: false, seconds: 0.01 },
    ];
    const m = createMetrics({ defaultMetrics: false });
    for (const o of seen) m.observeRequest(o);
    const page = (await m.render()).body;
    expect(page.slice(0, page.indexOf('\n# HELP hearth_function_invocations_total'))).toBe(await promClientPage(seen));
  });

  it('caps the distinct operation names a client can make up', async () => {
    const m = createMetrics({ defaultMetrics: false });
    for (let i = 0; i < 400; i++)
      m.observeRequest({ protocol: 'appsync', operation: `query f${i}`, status: 200, failed: true, seconds: 0 });
    const page = (await m.render()).body;
    expect(metricLines(page, 'hearth_requests_total{')).toHaveLength(301);
    expect(page).toContain('hearth_requests_total{protocol="appsync",operation="other",status_class="2xx"} 100');
  });

  it('counts function invocations by outcome, and open subscriptions and connections', async () => {
    const m = createMetrics({ defaultMetrics: false });
    const results = [
      { ok: true as const, result: 1 },
      { ok: false as const, kind: 'timeout' as const, errorMessage: 't' },
    ];
    const fns = { invoke: async (_name: string, _event: unknown) => results.shift() ?? { ok: true as const, result: 0 } };
    countInvocations(fns, m);
    await fns.invoke('sleeper', {});
    await fns.invoke('sleeper', {});
    m.setOpenSubscriptions(() => 3);
    m.realtimeConnections(1);
    m.realtimeConnections(1);
    m.realtimeConnections(-1);
    const page = (await m.render()).body;
    expect(page).toContain('hearth_function_invocations_total{function="sleeper",outcome="ok"} 1');
    expect(page).toContain('outcome="timeout"} 1');
    expect(page).toContain('hearth_realtime_subscriptions 3');
    expect(page).toContain('hearth_realtime_connections 1');
  });
});

/** The first three metrics of the page as prom-client's Counter and Histogram render the same requests. */
async function promClientPage(seen: RequestObservation[]): Promise<string> {
  const registers = [new Registry()];
  const labelNames = ['protocol', 'operation', 'status_class'];
  const requests = new Counter({
    name: 'hearth_requests_total',
    help: 'Requests answered, by protocol, operation and status class',
    labelNames,
    registers,
  });
  const errors = new Counter({
    name: 'hearth_request_errors_total',
    help: 'Requests answered with an error (4xx, 5xx, or GraphQL errors)',
    labelNames,
    registers,
  });
  const latency = new Histogram({
    name: 'hearth_request_duration_seconds',
    help: 'Time from the request to the end of the answer',
    labelNames: ['protocol', 'operation'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  for (const r of seen) {
    const labels = { protocol: r.protocol, operation: r.operation, status_class: `${Math.floor(r.status / 100)}xx` };
    requests.inc(labels);
    if (r.failed || r.status >= 400) errors.inc(labels);
    latency.observe({ protocol: r.protocol, operation: r.operation }, r.seconds);
  }
  return (registers[0] as Registry).metrics();
}
