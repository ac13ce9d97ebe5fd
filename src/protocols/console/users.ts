/**
 * `api/users…`: the user pool's users through the auth service's admin operations, the same ones
 * the IAM-signed Cognito API runs (same rules; confirming runs post-confirmation).
 */
import type { AuthService, UserRecord } from '../../auth/index.js';
import type { SignInEntry } from '../../db/ports.js';
import { HearthError } from '../../util/errors.js';
import { json } from '../../util/http.js';
import type { ConsoleRoute, RouteInput } from './console-router.js';

type Admin = Pick<
  AuthService,
  | 'userPoolId'
  | 'listUsers'
  | 'adminGetUser'
  | 'adminCreateUser'
  | 'adminConfirmSignUp'
  | 'adminSetEnabled'
  | 'adminResetUserPassword'
  | 'adminSetUserPassword'
  | 'adminDeleteUser'
  | 'addUserToGroup'
  | 'removeUserFromGroup'
  | 'listGroups'
>;

export interface UserRouteDeps {
  auth?: Admin;
  /** the user's recent sign-ins, newest first */
  signIns?: (sub: string) => Promise<SignInEntry[]>;
}

/** What the console shows of a user: never a password hash, verifier or MFA secret. */
export function userView(u: UserRecord) {
  return {
    username: u.sub,
    sub: u.sub,
    email: u.attributes.email,
    status: u.status,
    enabled: u.enabled,
    attributes: u.attributes,
    groups: u.groups ?? [],
    mfa: { totp: !!u.mfa?.totpEnabled, email: !!u.mfa?.emailEnabled, preferred: u.mfa?.preferred ?? null },
    lockedUntil: u.lockedUntil && u.lockedUntil > 0 ? new Date(u.lockedUntil).toISOString() : null,
    created: new Date(u.createdAt).toISOString(),
    updated: new Date(u.updatedAt).toISOString(),
  };
}

/** What every user route needs: the admin operations (or "no auth" as a 404) and the named user. */
function userOps(d: UserRouteDeps) {
  const auth = (): Admin => {
    if (!d.auth) throw new HearthError('NotFound', 'This backend defines no auth (defineAuth in amplify/auth/resource.ts).');
    return d.auth;
  };
  const ref = (i: RouteInput) => ({ userPoolId: auth().userPoolId, username: i.params.username as string });
  const done = async (i: RouteInput) => json(200, { user: userView(await auth().adminGetUser(ref(i))) });
  /** runs an admin operation on the named user, then answers with the user as it is now */
  const change = (method: ConsoleRoute['method'], path: string, run: (i: RouteInput) => Promise<unknown>): ConsoleRoute => ({
    method,
    path: `users/:username${path}`,
    handle: async (i) => {
      await run(i);
      return done(i);
    },
  });
  return { auth, ref, change };
}

export function userRoutes(d: UserRouteDeps): ConsoleRoute[] {
  return [...userReadRoutes(d), ...userChangeRoutes(d)];
}

function userReadRoutes(d: UserRouteDeps): ConsoleRoute[] {
  const { auth, ref } = userOps(d);
  return [
    { method: 'GET', path: 'users', handle: (i) => listUsers(auth(), i) },
    {
      method: 'GET',
      path: 'groups',
      handle: async () => json(200, { groups: await auth().listGroups({ userPoolId: auth().userPoolId }) }),
    },
    {
      method: 'GET',
      path: 'users/:username',
      handle: async (i) => {
        const user = await auth().adminGetUser(ref(i));
        return json(200, { user: userView(user), signIns: (await d.signIns?.(user.sub)) ?? [] });
      },
    },
  ];
}

function userChangeRoutes(d: UserRouteDeps): ConsoleRoute[] {
  const { auth, ref, change } = userOps(d);
  const group = (i: RouteInput) => ({ ...ref(i), groupName: i.params.group as string });
  return [
    { method: 'POST', path: 'users', handle: (i) => createUser(auth(), i) },
    change('POST', '/confirm', (i) => auth().adminConfirmSignUp(ref(i))),
    change('POST', '/disable', (i) => auth().adminSetEnabled(ref(i), false)),
    change('POST', '/enable', (i) => auth().adminSetEnabled(ref(i), true)),
    change('POST', '/reset-password', (i) => auth().adminResetUserPassword(ref(i))),
    change('POST', '/password', (i) =>
      auth().adminSetUserPassword({ ...ref(i), password: text(i.body.password, 'password'), permanent: i.body.permanent !== false }),
    ),
    change('PUT', '/groups/:group', (i) => auth().addUserToGroup(group(i))),
    change('DELETE', '/groups/:group', (i) => auth().removeUserFromGroup(group(i))),
    {
      method: 'DELETE',
      path: 'users/:username',
      handle: async (i) => {
        await auth().adminDeleteUser(ref(i));
        return json(200, { deleted: i.params.username });
      },
    },
  ];
}

/** `?filter=` in ListUsers' syntax (`email ^= "ann"`), or `?search=` as an email prefix; `next` pages. */
async function listUsers(auth: Admin, i: RouteInput) {
  const search = i.query.get('search');
  const filter = i.query.get('filter') ?? (search ? `email ^= "${search.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"` : undefined);
  const limit = Number(i.query.get('limit') ?? 60);
  const page = await auth.listUsers({
    userPoolId: auth.userPoolId,
    filter: filter || undefined,
    limit,
    paginationToken: i.query.get('next') ?? undefined,
  });
  return json(200, { users: page.items.map(userView), next: page.nextToken ?? null });
}

/** `{email, password?, permanent?, attributes?, invite?}`: an invitation mail unless `invite: false`. */
async function createUser(auth: Admin, i: RouteInput) {
  const email = text(i.body.email, 'email');
  const attributes = { ...stringMap(i.body.attributes), email };
  const password = i.body.password === undefined ? undefined : text(i.body.password, 'password');
  const user = await auth.adminCreateUser({
    userPoolId: auth.userPoolId,
    username: email,
    attributes,
    temporaryPassword: password,
    messageAction: i.body.invite === false ? 'SUPPRESS' : undefined,
  });
  if (password && i.body.permanent === true)
    await auth.adminSetUserPassword({ userPoolId: auth.userPoolId, username: user.sub, password, permanent: true });
  return json(201, { user: userView(await auth.adminGetUser({ userPoolId: auth.userPoolId, username: user.sub })) });
}

export function text(v: unknown, field: string): string {
  if (typeof v !== 'string' || v === '')
    throw Object.assign(new HearthError('ValidationError', `${field} must be a non-empty string.`), { field });
  return v;
}

function stringMap(v: unknown): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v))
    throw Object.assign(new HearthError('ValidationError', 'attributes must be an object of strings.'), { field: 'attributes' });
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string')
      throw Object.assign(new HearthError('ValidationError', `attribute ${k} must be a string.`), { field: `attributes.${k}` });
    out[k] = val;
  }
  return out;
}
