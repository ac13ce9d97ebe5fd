/**
 * Request parameter checks with the AWS validation wording, e.g.
 * "1 validation error detected: Value at 'clientId' failed to satisfy constraint: Member must not be null".
 * The client recognises exactly this wording for a missing sign-up password (reference §A.4).
 */
import { HearthError } from '../../util/errors.js';
import type { JsonBody } from './json-target-handler.js';

const camel = (name: string) => `${name[0]?.toLowerCase()}${name.slice(1)}`;

function invalid(name: string, constraint: string): HearthError {
  return new HearthError(
    'InvalidParameter',
    `1 validation error detected: Value at '${camel(name)}' failed to satisfy constraint: ${constraint}`,
  );
}

export function requiredString(body: JsonBody, name: string): string {
  const v = body[name];
  if (v === undefined || v === null) throw invalid(name, 'Member must not be null');
  if (typeof v !== 'string') throw invalid(name, 'Member must be a string');
  if (v.length === 0) throw invalid(name, 'Member must have length greater than or equal to 1');
  return v;
}

export function optionalString(body: JsonBody, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(name, 'Member must be a string');
  return v;
}

/** A `{key: string}` map such as AuthParameters or ClientMetadata. */
export function stringMap(body: JsonBody, name: string): Record<string, string> | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    throw invalid(name, 'Member must be a map of strings');
  }
  return v as Record<string, string>;
}

/** `[{Name, Value}]` as sent in UserAttributes, as a map. */
export function attributeList(body: JsonBody, name: string): Record<string, string> {
  const v = body[name];
  if (v === undefined || v === null) return {};
  const ok = Array.isArray(v) && v.every((a) => a && typeof a.Name === 'string' && (a.Value === undefined || typeof a.Value === 'string'));
  if (!ok) throw invalid(name, 'Member must be a list of {Name, Value} string pairs');
  return Object.fromEntries((v as { Name: string; Value?: string }[]).map((a) => [a.Name, a.Value ?? '']));
}

/** A required entry of AuthParameters / ChallengeResponses, with Cognito's wording. */
export function requiredEntry(map: Record<string, string> | undefined, key: string): string {
  const v = map?.[key];
  if (!v) throw new HearthError('InvalidParameter', `Missing required parameter ${key}`);
  return v;
}
