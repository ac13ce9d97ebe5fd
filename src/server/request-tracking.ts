/**
 * What the HTTP server keeps about requests while they run: how many are in flight (for the
 * SIGTERM drain) and, when each answer ends, its metrics.
 */
import type { ServerResponse } from 'node:http';
import type { HttpResponse } from '../util/http.js';
import { DATA_PATH } from './create-app.js';
import type { HearthMetrics } from './metrics.js';
import type { RequestLabels } from './request-labels.js';

/** Records the request in the metrics when its answer is finished (or the client went away). */
export function observe(res: ServerResponse, metrics: HearthMetrics | undefined, labels: () => RequestLabels, failed = () => false): void {
  if (!metrics) return;
  const t0 = performance.now();
  res.once('close', () => {
    const seconds = (performance.now() - t0) / 1000;
    metrics.observeRequest({ ...labels(), status: res.statusCode, failed: failed(), seconds });
  });
}

/** AppSync answers resolver and validation errors with 200 and an `errors` list. */
export function graphqlFailed(path: string, r: HttpResponse | undefined): boolean {
  return r !== undefined && path.startsWith(DATA_PATH) && r.body.includes('"errors":[');
}

/** Requests whose answers are not finished yet, for drain. */
export class InFlight {
  private open = 0;
  private onIdle: (() => void) | undefined;

  track(res: ServerResponse): void {
    this.open++;
    res.once('close', () => {
      this.open--;
      if (this.open === 0) this.onIdle?.();
    });
  }

  /** waits until no request is open or `timeoutMs` passed; returns how many are still open */
  settle(timeoutMs: number, whileWaiting: () => void): Promise<number> {
    if (this.open === 0) return Promise.resolve(0);
    return new Promise((resolve) => {
      // a finished answer leaves its keep-alive socket idle: close it as soon as it is
      const sweep = setInterval(whileWaiting, 50);
      const done = () => {
        clearInterval(sweep);
        clearTimeout(timer);
        this.onIdle = undefined;
        resolve(this.open);
      };
      const timer = setTimeout(done, timeoutMs);
      this.onIdle = done;
    });
  }
}
