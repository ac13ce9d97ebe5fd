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
let watchingVisibility = false;

/**
 * A hidden tab gives its stream up: browsers allow 6 connections per origin over HTTP/1.1, so a
 * few open console tabs would otherwise starve every other request. Back in view, the stream
 * reopens and each listener is called once with no data, meaning "you may have missed some: re-read".
 */
function followVisibility(): void {
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      source?.close();
      source = undefined;
    } else if (!source && [...listeners.values()].some((s) => s.size)) {
      ensureSource();
      for (const set of listeners.values()) for (const l of set) l(undefined);
    }
  });
}

function ensureSource(): void {
  if (source || typeof EventSource === 'undefined' || document.visibilityState === 'hidden') return;
  if (!watchingVisibility) {
    watchingVisibility = true;
    followVisibility();
  }
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
