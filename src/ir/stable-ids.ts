import { createHash } from 'node:crypto';

/**
 * Pool ids derived from the app's name, so they stay the same across restarts and machines and the
 * app's amplify_outputs.json keeps working. They follow Cognito's formats, which the client checks.
 */
export function stableIds(appName: string, region: string) {
  const h = createHash('sha256').update(`hearth:${appName}`).digest('hex');
  const clientId = BigInt(`0x${h.slice(0, 32)}`)
    .toString(36)
    .padStart(26, '0')
    .slice(0, 26);
  const uuid = `${h.slice(32, 40)}-${h.slice(40, 44)}-4${h.slice(45, 48)}-a${h.slice(49, 52)}-${h.slice(52, 64)}`;
  return {
    userPoolId: `${region}_hearth`,
    userPoolClientId: clientId,
    identityPoolId: `${region}:${uuid}`,
  };
}
