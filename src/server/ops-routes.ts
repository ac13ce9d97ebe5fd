/**
 * The operator's routes under `/_hearth/` that the HTTP server answers itself (the app answers
 * `/_hearth/health`, which needs nothing): readiness, and the Prometheus page.
 */
import { type HttpRequest, type HttpResponse, json } from '../util/http.js';
import type { HearthMetrics, MetricsAccess } from './metrics.js';

export interface OpsState {
  /** the backend's readiness check; unset while it starts */
  ready?: () => Promise<void>;
  /** set on SIGTERM: a load balancer stops sending new requests */
  draining: boolean;
  metrics?: HearthMetrics;
  metricsAccess: MetricsAccess;
}

export const READY_PATH = '/_hearth/ready';
export const METRICS_PATH = '/_hearth/metrics';

/** An answer for an operator route, or undefined for every other request. */
export async function opsRoute(req: HttpRequest, s: OpsState): Promise<HttpResponse | undefined> {
  if (req.method !== 'GET') return undefined;
  if (req.path === READY_PATH) return readiness(s);
  if (req.path === METRICS_PATH) return metricsPage(req, s);
  return undefined;
}

async function readiness(s: OpsState): Promise<HttpResponse> {
  if (s.draining) return json(503, { ready: false, reason: 'shutting down' });
  if (!s.ready) return json(503, { ready: false, reason: 'starting: migrations not done' });
  try {
    await s.ready();
    return json(200, { ready: true });
  } catch {
    // the cause may hold a connection string: it stays out of the answer
    return json(503, { ready: false, reason: 'database unreachable' });
  }
}

async function metricsPage(req: HttpRequest, s: OpsState): Promise<HttpResponse | undefined> {
  if (!s.metrics || s.metricsAccess === 'off') return undefined;
  if (s.metricsAccess === 'loopback' && !isLoopback(req.remoteAddress)) {
    return json(403, { message: 'The metrics page answers loopback callers only; start with --metrics to serve it to others.' });
  }
  const page = await s.metrics.render();
  return { status: 200, headers: { 'content-type': page.contentType }, body: page.body };
}

/** 127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}
