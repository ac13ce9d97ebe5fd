/**
 * Rate-limit configuration from environment variables, checked when the backend starts:
 *
 * - `HEARTH_RATE_LIMITS`: `on` (default) or `off`
 * - `HEARTH_TRUST_PROXY`: `true` to take the client address from X-Forwarded-For (default `false`:
 *   the socket address; a client could otherwise pick its own key)
 * - `HEARTH_RATE_SIGN_UP_PER_IP` (50/s), `HEARTH_RATE_SIGN_IN_PER_IP` (120/s),
 *   `HEARTH_RATE_RECOVERY_PER_IP` (30/s), `HEARTH_RATE_PER_USER` (10/s),
 *   `HEARTH_RATE_CODES_PER_USER_HOUR` (10): positive numbers
 */
import { HearthError } from '../util/errors.js';
import { COGNITO_DEFAULT_LIMITS, type RateLimitConfig } from './rate-limits.js';

type Env = Record<string, string | undefined>;

function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new HearthError('ConfigError', `${name} must be a positive number (got "${raw}").`);
  return n;
}

function flag(env: Env, name: string, values: [on: string, off: string], fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === values[0]) return true;
  if (raw === values[1]) return false;
  throw new HearthError('ConfigError', `${name} must be "${values[0]}" or "${values[1]}" (got "${env[name]}").`);
}

/** Cognito's defaults, overridden by whichever variables are set; a malformed value is a ConfigError. */
export function rateLimitsFromEnv(env: Env): RateLimitConfig {
  const d = COGNITO_DEFAULT_LIMITS;
  return {
    enabled: flag(env, 'HEARTH_RATE_LIMITS', ['on', 'off'], d.enabled),
    trustProxy: flag(env, 'HEARTH_TRUST_PROXY', ['true', 'false'], d.trustProxy),
    perIp: {
      userCreation: positive(env, 'HEARTH_RATE_SIGN_UP_PER_IP', d.perIp.userCreation),
      userAuthentication: positive(env, 'HEARTH_RATE_SIGN_IN_PER_IP', d.perIp.userAuthentication),
      userAccountRecovery: positive(env, 'HEARTH_RATE_RECOVERY_PER_IP', d.perIp.userAccountRecovery),
    },
    perUserPerSecond: positive(env, 'HEARTH_RATE_PER_USER', d.perUserPerSecond),
    codesPerUserPerHour: positive(env, 'HEARTH_RATE_CODES_PER_USER_HOUR', d.codesPerUserPerHour),
  };
}
