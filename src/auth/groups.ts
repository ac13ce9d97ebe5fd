/**
 * User-pool groups: defineAuth `groups` exist from the start (precedence = array order); admin
 * calls create and delete more. Membership lives on the user row, so `cognito:groups` is in
 * the very next token minted for the user.
 */
import type { GroupRecord, UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { assertUserPool } from './admin-caller.js';
import { type AdminUserRef, adminUser } from './admin-users.js';
import type { AuthContext } from './context.js';

type Deps = Pick<AuthContext, 'ir' | 'users' | 'clock'>;

export interface GroupInput {
  userPoolId: string;
  groupName: string;
  description?: string;
  precedence?: number;
  roleArn?: string;
}

const notFound = (name: string) => new HearthError('ResourceNotFound', `Group ${name} not found.`);

/** Creates the defineAuth groups missing from storage (a reload may add some); never deletes. */
export async function seedGroups(d: Deps): Promise<void> {
  for (const [i, name] of d.ir.groups.entries()) {
    if (await d.users.getGroup(name)) continue;
    const now = d.clock.now();
    await d.users.putGroup({ name, precedence: d.ir.groupPrecedence?.[name] ?? i, createdAt: now, updatedAt: now });
  }
}

export async function createGroup(d: Deps, g: GroupInput): Promise<GroupRecord> {
  assertUserPool(d, g.userPoolId);
  if (!/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u.test(g.groupName)) throw new HearthError('InvalidParameter', 'Invalid group name.');
  if (await d.users.getGroup(g.groupName)) throw new HearthError('GroupExists', 'A group with the name already exists.');
  const now = d.clock.now();
  const group: GroupRecord = {
    name: g.groupName,
    ...(g.description !== undefined ? { description: g.description } : {}),
    ...(g.precedence !== undefined ? { precedence: g.precedence } : {}),
    ...(g.roleArn !== undefined ? { roleArn: g.roleArn } : {}),
    createdAt: now,
    updatedAt: now,
  };
  await d.users.putGroup(group);
  return group;
}

/** UpdateGroup: only the fields given change. */
export async function updateGroup(d: Deps, g: GroupInput): Promise<GroupRecord> {
  const old = await getGroup(d, g);
  const group: GroupRecord = {
    ...old,
    ...(g.description !== undefined ? { description: g.description } : {}),
    ...(g.precedence !== undefined ? { precedence: g.precedence } : {}),
    ...(g.roleArn !== undefined ? { roleArn: g.roleArn } : {}),
    updatedAt: d.clock.now(),
  };
  await d.users.putGroup(group);
  return group;
}

export async function getGroup(d: Deps, r: { userPoolId: string; groupName: string }): Promise<GroupRecord> {
  assertUserPool(d, r.userPoolId);
  const g = await d.users.getGroup(r.groupName);
  if (!g) throw notFound(r.groupName);
  return g;
}

export async function listGroups(d: Deps, r: { userPoolId: string }): Promise<GroupRecord[]> {
  assertUserPool(d, r.userPoolId);
  return d.users.listGroups();
}

/** Deleting a group takes it off every member, as Cognito does. */
export async function deleteGroup(d: Deps, r: { userPoolId: string; groupName: string }): Promise<void> {
  await getGroup(d, r);
  for (const u of await d.users.allUsers()) {
    if (u.groups?.includes(r.groupName)) await d.users.update(u.sub, { groups: u.groups.filter((g) => g !== r.groupName) });
  }
  await d.users.deleteGroup(r.groupName);
}

export async function addUserToGroup(d: Deps, r: AdminUserRef & { groupName: string }): Promise<void> {
  const user = await adminUser(d, r);
  await getGroup(d, r);
  if (user.groups?.includes(r.groupName)) return;
  await d.users.update(user.sub, { groups: [...(user.groups ?? []), r.groupName], updatedAt: d.clock.now() });
}

export async function removeUserFromGroup(d: Deps, r: AdminUserRef & { groupName: string }): Promise<void> {
  const user = await adminUser(d, r);
  await getGroup(d, r);
  await d.users.update(user.sub, { groups: (user.groups ?? []).filter((g) => g !== r.groupName), updatedAt: d.clock.now() });
}

/** The user's groups, by precedence then name (the order Cognito lists them in). */
export async function listGroupsForUser(d: Deps, r: AdminUserRef): Promise<GroupRecord[]> {
  const user = await adminUser(d, r);
  const all = await d.users.listGroups();
  return all.filter((g) => user.groups?.includes(g.name)).sort(byPrecedence);
}

export async function listUsersInGroup(d: Deps, r: { userPoolId: string; groupName: string }): Promise<UserRecord[]> {
  await getGroup(d, r);
  return (await d.users.allUsers()).filter((u) => u.groups?.includes(r.groupName));
}

export function byPrecedence(a: GroupRecord, b: GroupRecord): number {
  return (a.precedence ?? Number.MAX_SAFE_INTEGER) - (b.precedence ?? Number.MAX_SAFE_INTEGER) || a.name.localeCompare(b.name);
}
