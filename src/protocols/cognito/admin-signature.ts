/**
 * IAM-signed user-pool operations: the request must carry a SigV4 signature for service
 * `cognito-idp` by a caller allowed to call the operation (auth/admin-caller.ts says who is).
 */
import type { AdminCaller, AuthService } from '../../auth/index.js';
import type { Clock } from '../../util/clock.js';
import type { HttpRequest } from '../../util/http.js';
import { verifySigV4 } from '../sigv4/verify-sigv4.js';

export async function authorizeIamOperation(
  auth: Pick<AuthService, 'resolveAdminCaller' | 'assertAdminAllowed'>,
  req: HttpRequest,
  o: { operation: string; region: string; clock: Clock },
): Promise<AdminCaller> {
  const caller = await verifySigV4<AdminCaller>(req, {
    service: 'cognito-idp',
    region: o.region,
    clock: o.clock,
    resolve: (key, token) => {
      const r = auth.resolveAdminCaller(key, token);
      return r && { secretAccessKey: r.secretAccessKey, principal: r.caller };
    },
  });
  auth.assertAdminAllowed(caller, o.operation);
  return caller;
}
