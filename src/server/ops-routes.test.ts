import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../util/http.js';
import { createMetrics } from './metrics.js';
import { type OpsState, opsRoute } from './ops-routes.js';

const get = (path: string, remoteAddress = '127.0.0.1'): HttpRequest => ({
  method: 'GET',
  path,
  query: '',
  headers: {},
  body: '',
  remoteAddress,
});
const state = (s: Partial<OpsState>): OpsState => ({ draining: false, metricsAccess: 'off', ...s });

describe('/_hearth/ready', () => {
  it('answers 200 once the backend set its check and the database answers', async () => {
    const r = await opsRoute(get('/_hearth/ready'), state({ ready: async () => {} }));
    expect(r?.status).toBe(200);
  });

  it('answers 503 while starting, when the database does not answer, and while shutting down', async () => {
    expect((await opsRoute(get('/_hearth/ready'), state({})))?.status).toBe(503);
    const down = await opsRoute(
      get('/_hearth/ready'),
      state({
        ready: async () => {
          throw new Error('connect ECONNREFUSED postgres://app:hunter2@db:5432/app');
        },
      }),
    );
    expect(down?.status).toBe(503);
    expect(down?.body).not.toContain('hunter2');
    expect((await opsRoute(get('/_hearth/ready'), state({ ready: async () => {}, draining: true })))?.status).toBe(503);
  });
});

describe('/_hearth/metrics', () => {
  const metrics = createMetrics({ defaultMetrics: false });

  it('is served to a loopback caller in loopback mode and to anyone when opened', async () => {
    for (const [access, from] of [
      ['loopback', '127.0.0.1'],
      ['loopback', '::1'],
      ['loopback', '::ffff:127.0.0.1'],
      ['all', '10.1.2.3'],
    ] as const) {
      const r = await opsRoute(get('/_hearth/metrics', from), state({ metrics, metricsAccess: access }));
      expect(r?.status, `${access} from ${from}`).toBe(200);
      expect(r?.headers['content-type']).toContain('text/plain');
    }
  });

  it('is refused to another host in loopback mode, and absent (404 from the app) when off', async () => {
    const refused = await opsRoute(get('/_hearth/metrics', '10.1.2.3'), state({ metrics, metricsAccess: 'loopback' }));
    expect(refused?.status).toBe(403);
    expect(refused?.body).not.toContain('hearth_');
    expect(await opsRoute(get('/_hearth/metrics'), state({ metrics, metricsAccess: 'off' }))).toBeUndefined();
  });

  it('leaves every other request to the app', async () => {
    expect(await opsRoute(get('/graphql'), state({ ready: async () => {} }))).toBeUndefined();
    expect(await opsRoute({ ...get('/_hearth/ready'), method: 'POST' }, state({ ready: async () => {} }))).toBeUndefined();
  });
});
