/**
 * The `identities` attribute: the provider identities a user signs in with. Stored as Cognito shows
 * it in AdminGetUser (a JSON array with `primary` a boolean and `dateCreated` epoch ms); the ID token
 * carries the same entries with both as strings, as Cognito's tokens do.
 */
import type { FederatedIdentity } from './types.js';

export interface IdentityEntry {
  userId: string;
  providerName: string;
  providerType: string;
  issuer: string | null;
  primary: boolean;
  dateCreated: number;
}

export function identitiesOf(attributes: Record<string, string>): IdentityEntry[] {
  const raw = attributes.identities;
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed as IdentityEntry[]) : [];
  } catch {
    return [];
  }
}

export function identityEntry(
  i: Pick<FederatedIdentity, 'userId' | 'providerName' | 'providerType' | 'issuer'>,
  now: number,
  primary: boolean,
): IdentityEntry {
  return {
    userId: i.userId,
    providerName: i.providerName,
    providerType: i.providerType,
    issuer: i.issuer ?? null,
    primary,
    dateCreated: now,
  };
}

export const serializeIdentities = (entries: IdentityEntry[]): string => JSON.stringify(entries);

/** Whether `entries` holds the identity `userId` at `providerName` (provider names compare case-insensitively, as Cognito's). */
export function holdsIdentity(entries: IdentityEntry[], providerName: string, userId: string): boolean {
  return entries.some((e) => e.providerName.toLowerCase() === providerName.toLowerCase() && e.userId === userId);
}

/** The ID token's `identities` claim: the stored entries with `primary` and `dateCreated` as strings. */
export function identitiesClaim(raw: string): unknown {
  const entries = identitiesOf({ identities: raw });
  return entries.map((e) => ({ ...e, primary: String(e.primary), dateCreated: String(e.dateCreated) }));
}
