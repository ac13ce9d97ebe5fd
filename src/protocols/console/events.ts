/**
 * `GET api/events`: Server-Sent Events (`event: mail|user|invocation|record`, JSON `data`) for the
 * console's live views, with a comment line every 15 s so proxies keep the stream open.
 */
import type { ConsoleEvents } from './console-events.js';
import type { ConsoleRoute } from './console-router.js';

const HEARTBEAT_MS = 15_000;

export function eventRoutes(events: ConsoleEvents): ConsoleRoute[] {
  return [
    {
      method: 'GET',
      path: 'events',
      handle: async () => ({
        status: 200,
        headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' },
        body: '',
        stream: (out) => {
          out.write(': hearth console events\n\n');
          const stop = events.subscribe((e) => out.write(`event: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`));
          const beat = setInterval(() => out.write(': keep-alive\n\n'), HEARTBEAT_MS);
          beat.unref();
          return () => {
            clearInterval(beat);
            stop();
          };
        },
      }),
    },
  ];
}
