/** Runs an action with a busy flag and an error message, the pattern every button here follows. */
import { useCallback, useRef, useState } from 'react';
import { errorText } from '../api.js';

export function useAction(): { busy: boolean; error?: string; run: (f: () => Promise<unknown>) => Promise<boolean>; clear: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback(async (f: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await f();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(undefined) };
}

/** `new Date(x).toLocaleString()` for an ISO time or epoch, or '' when absent. */
export function when(t: string | number | undefined): string {
  if (t === undefined || t === '') return '';
  const d = new Date(typeof t === 'string' && /^\d+$/.test(t) ? Number(t) : t);
  return Number.isNaN(d.getTime()) ? String(t) : d.toLocaleString();
}

/**
 * For loads that can overlap (typing in a search box): `const fresh = begin()` before the fetch,
 * `if (!fresh()) return` after it, so an older answer arriving late never replaces a newer one.
 */
export function useFreshness(): () => () => boolean {
  const seq = useRef(0);
  return useCallback(() => {
    const mine = ++seq.current;
    return () => mine === seq.current;
  }, []);
}
