/**
 * The live event stream (`GET api/events`, server-sent events): one EventSource for the whole
 * page, shared by every view that listens; the browser reconnects it by itself after a drop.
 */
import { useEffect, useRef } from 'react';
import { BASE } from './api.js';

export type ConsoleEvent = 'mail' | 'user' | 'invocation' | 'record';
type Listener = (data: unknown) => void;

const listeners = new Map<ConsoleEvent, Set<Listener>>();
let source: EventSource | undefined;

function ensureSource(): void {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource(`${BASE}events`, { withCredentials: true });
  for (const type of ['mail', 'user', 'invocation', 'record'] as const) {
    source.addEventListener(type, (e) => {
      const data = parse((e as MessageEvent<string>).data);
      for (const l of listeners.get(type) ?? []) l(data);
    });
  }
}

function parse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** Calls `onEvent` for each event of `type` while the component is mounted (latest callback wins). */
export function useConsoleEvent(type: ConsoleEvent, onEvent: Listener): void {
  const ref = useRef(onEvent);
  ref.current = onEvent;
  useEffect(() => {
    ensureSource();
    const l: Listener = (d) => ref.current(d);
    const set = listeners.get(type) ?? new Set();
    set.add(l);
    listeners.set(type, set);
    return () => {
      set.delete(l);
    };
  }, [type]);
}
