import type { AuthIR } from '../ir/types.js';
import { HearthError } from '../util/errors.js';

/** Cognito answers an unknown app client with ResourceNotFoundException. */
export function assertClient(ir: Pick<AuthIR, 'userPoolClientId'>, clientId: string): void {
  if (clientId !== ir.userPoolClientId) {
    throw new HearthError('ResourceNotFound', `User pool client ${clientId} does not exist.`);
  }
}
