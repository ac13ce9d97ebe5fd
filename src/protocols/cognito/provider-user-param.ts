/** The `ProviderUserIdentifierType` of AdminLinkProviderForUser and AdminDisableProviderForUser. */
import type { ProviderUser } from '../../auth/index.js';
import { HearthError } from '../../util/errors.js';
import type { JsonBody } from './json-target-handler.js';
import { optionalString, requiredString } from './params.js';

export function providerUser(body: JsonBody, name: string): ProviderUser {
  const v = body[name];
  if (v === undefined || v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new HearthError(
      'InvalidParameter',
      `1 validation error detected: Value at '${name[0]?.toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  const o = v as JsonBody;
  const providerAttributeName = optionalString(o, 'ProviderAttributeName');
  return {
    providerName: requiredString(o, 'ProviderName'),
    providerAttributeValue: requiredString(o, 'ProviderAttributeValue'),
    ...(providerAttributeName !== undefined ? { providerAttributeName } : {}),
  };
}
