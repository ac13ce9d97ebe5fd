import type { AuthIR } from '../ir/types.js';
import { HearthError } from '../util/errors.js';
import { STANDARD_ATTRIBUTES } from './attribute-schema.js';

const invalid = (name: string, why: string) =>
  new HearthError('InvalidParameter', `Attributes did not conform to the schema: ${name}: ${why}`);

/** Throws unless the user may set `name` themselves (UpdateUserAttributes, DeleteUserAttributes). */
export function assertWritableAttribute(ir: Pick<AuthIR, 'userAttributes'>, name: string): void {
  if (name === 'sub' || name.endsWith('_verified') || name.startsWith('cognito:')) throw invalid(name, 'Attribute cannot be updated.');
  const declared = ir.userAttributes?.[name];
  if (declared && declared.mutable === false) throw invalid(name, 'Attribute cannot be updated.');
  if (!STANDARD_ATTRIBUTES.has(name) && !(name.startsWith('custom:') && (!ir.userAttributes || declared))) {
    throw invalid(name, 'Attribute does not exist in the schema.');
  }
}
