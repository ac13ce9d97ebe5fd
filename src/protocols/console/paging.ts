import { HearthError } from '../../util/errors.js';

/** `?limit=` between 1 and `max`, `dflt` when absent. */
export function limitOf(query: URLSearchParams, dflt: number, max: number): number {
  const raw = query.get('limit');
  if (raw === null || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new HearthError('InvalidParameter', `limit must be an integer from 1 to ${max}.`);
  return n;
}
