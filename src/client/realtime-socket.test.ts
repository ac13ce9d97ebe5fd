import { afterAll, describe, expect, it } from 'vitest';
import { realtimeUrl, rewriteRealtimeUrls } from './realtime-socket.js';

class FakeSocket {
  static readonly OPEN = 1;
  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {}
}

const g = globalThis as { WebSocket?: unknown };
const before = Object.getOwnPropertyDescriptor(globalThis, 'WebSocket');
afterAll(() => {
  if (before) Object.defineProperty(globalThis, 'WebSocket', before);
  else delete g.WebSocket;
});

describe('realtime socket URL rewrite', () => {
  it('turns wss:// into ws:// only for the registered http data endpoint', () => {
    rewriteRealtimeUrls('http://127.0.0.1:4123/graphql');
    rewriteRealtimeUrls('https://abc.appsync-api.us-east-1.amazonaws.com/graphql');
    expect(realtimeUrl('wss://127.0.0.1:4123/graphql/realtime?x=1')).toBe('ws://127.0.0.1:4123/graphql/realtime?x=1');
    expect(realtimeUrl('wss://127.0.0.1:9999/graphql/realtime')).toBe('wss://127.0.0.1:9999/graphql/realtime');
    expect(realtimeUrl('wss://abc.appsync-realtime-api.us-east-1.amazonaws.com/graphql')).toBe(
      'wss://abc.appsync-realtime-api.us-east-1.amazonaws.com/graphql',
    );
  });

  it('wraps a WebSocket class assigned after configuration, keeping its statics and protocols', () => {
    rewriteRealtimeUrls('http://127.0.0.1:4123/graphql');
    g.WebSocket = FakeSocket;
    const Ctor = g.WebSocket as typeof FakeSocket;
    expect(Ctor).not.toBe(FakeSocket);
    expect(Ctor.OPEN).toBe(1);
    const s = new Ctor('wss://127.0.0.1:4123/graphql/realtime', ['graphql-ws', 'header-e30']);
    expect(s).toBeInstanceOf(FakeSocket);
    expect(s.url).toBe('ws://127.0.0.1:4123/graphql/realtime');
    expect(s.protocols).toEqual(['graphql-ws', 'header-e30']);
  });
});
