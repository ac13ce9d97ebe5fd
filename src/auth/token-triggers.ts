/**
 * The triggers around minting tokens: postAuthentication when a sign-in completes, then
 * preTokenGeneration (sign-in and refresh) whose response changes the claims. V1 (Amplify's
 * default wiring) may change the id token and the groups; V2/V3 also the access token and scopes.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
 */
import type { AuthContext } from './context.js';
import { cognitoUsername } from './federation/cognito-username.js';
import type { ClaimOverrides, TokenOverrides } from './token-overrides.js';
import type { MintedTokens, MintInput } from './tokens.js';
import { eventAttributes, runPostAuthentication, runTrigger, type TriggerDeps } from './trigger-events.js';

const SOURCES = {
  authentication: 'TokenGeneration_Authentication',
  refresh: 'TokenGeneration_RefreshTokens',
  newPassword: 'TokenGeneration_NewPasswordChallenge',
} as const;

type Generation = {
  claimsToAddOrOverride?: Record<string, unknown>;
  claimsToSuppress?: string[];
  scopesToAdd?: string[];
  scopesToSuppress?: string[];
};

const claimOverrides = (g: Generation | undefined): ClaimOverrides | undefined =>
  g && { add: g.claimsToAddOrOverride, suppress: g.claimsToSuppress, scopesToAdd: g.scopesToAdd, scopesToSuppress: g.scopesToSuppress };

const groupsOf = (r: { groupOverrideDetails?: { groupsToOverride?: unknown } } | undefined) =>
  Array.isArray(r?.groupOverrideDetails?.groupsToOverride) ? (r.groupOverrideDetails.groupsToOverride as string[]) : undefined;

async function preTokenGeneration(d: TriggerDeps, i: MintInput): Promise<TokenOverrides | undefined> {
  const version = d.ir.preTokenGenerationVersion ?? '1';
  const r = await runTrigger(d, {
    trigger: 'preTokenGeneration',
    source: SOURCES[i.source ?? 'authentication'],
    userName: cognitoUsername(i.user),
    clientId: i.clientId,
    version,
    request: {
      userAttributes: eventAttributes(i.user),
      groupConfiguration: { groupsToOverride: i.user.groups ?? [], iamRolesToOverride: [], preferredRole: null },
      ...(version === '1' ? {} : { scopes: ['aws.cognito.signin.user.admin'] }),
    },
  });
  if (!r) return undefined;
  if (version === '1') {
    const v1 = r.claimsOverrideDetails as Generation & { groupOverrideDetails?: { groupsToOverride?: unknown } };
    return v1 ? { id: claimOverrides(v1), groups: groupsOf(v1) } : undefined;
  }
  const v2 = r.claimsAndScopeOverrideDetails as
    | { idTokenGeneration?: Generation; accessTokenGeneration?: Generation; groupOverrideDetails?: { groupsToOverride?: unknown } }
    | undefined;
  return v2
    ? { id: claimOverrides(v2.idTokenGeneration), access: claimOverrides(v2.accessTokenGeneration), groups: groupsOf(v2) }
    : undefined;
}

/** Wraps the token minter with the two triggers. */
export function withTokenTriggers(d: TriggerDeps, mint: AuthContext['mint']): AuthContext['mint'] {
  return async (i): Promise<MintedTokens> => {
    if ((i.source ?? 'authentication') !== 'refresh') await runPostAuthentication(d, { user: i.user, clientId: i.clientId });
    const overrides = await preTokenGeneration(d, i);
    return mint(overrides ? { ...i, overrides } : i);
  };
}
