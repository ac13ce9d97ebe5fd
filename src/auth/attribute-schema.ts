/**
 * Checks attribute writes against the pool's schema (defineAuth `userAttributes`): unknown and
 * undeclared `custom:` attributes, types and bounds of custom ones, and `mutable: false` on
 * updates, with Cognito's "Attributes did not conform to the schema" wording.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
 */
import type { AuthIR, UserAttributeIR } from '../ir/types.js';
import { HearthError } from '../util/errors.js';

/** Cognito's standard attributes, by their wire names. */
export const STANDARD_ATTRIBUTES: ReadonlySet<string> = new Set([
  'address',
  'birthdate',
  'email',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
]);
/** set by the pool, never by a user */
const READ_ONLY = new Set(['sub', 'email_verified', 'phone_number_verified']);

const schemaError = (detail: string) => new HearthError('InvalidParameter', `Attributes did not conform to the schema: ${detail}`);

function checkValue(name: string, value: string, a: UserAttributeIR): void {
  if (a.dataType === 'Number') {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw schemaError(`${name}: Number must be a valid number`);
    if (a.min !== undefined && n < a.min) throw schemaError(`${name}: Number must be greater than or equal to ${a.min}`);
    if (a.max !== undefined && n > a.max) throw schemaError(`${name}: Number must be less than or equal to ${a.max}`);
    return;
  }
  if (a.dataType === 'Boolean' && value !== 'true' && value !== 'false') throw schemaError(`${name}: Boolean must be true or false`);
  if (a.dataType === 'DateTime' && Number.isNaN(Date.parse(value))) throw schemaError(`${name}: DateTime must be a date`);
  if (a.min !== undefined && value.length < a.min) throw schemaError(`${name}: String must be no shorter than ${a.min} characters`);
  if (a.max !== undefined && value.length > a.max) throw schemaError(`${name}: String must be no longer than ${a.max} characters`);
}

export interface AttributeWrite {
  /** an update (UpdateUserAttributes): immutable attributes are refused */
  update?: boolean;
  /** admin callers may set email_verified / phone_number_verified */
  admin?: boolean;
}

/** Throws InvalidParameter when `attrs` may not be written. */
export function checkAttributeWrite(ir: Pick<AuthIR, 'userAttributes'>, attrs: Record<string, string>, w: AttributeWrite = {}): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (READ_ONLY.has(name) && !(w.admin && name !== 'sub')) throw schemaError(`${name}: Attribute cannot be updated.`);
    if (READ_ONLY.has(name)) continue;
    const declared = ir.userAttributes?.[name];
    if (!declared && !STANDARD_ATTRIBUTES.has(name)) throw schemaError(`Type for attribute {${name}} could not be determined`);
    if (w.update && declared && !declared.mutable)
      throw schemaError(`${name}: Attribute cannot be updated. (changing an immutable attribute)`);
    if (declared?.custom) checkValue(name, value, declared);
  }
}
