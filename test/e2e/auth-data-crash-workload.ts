/**
 * The clients of the auth+data crash test (auth-data-crash.test.ts): each worker takes one user at a
 * time through SignUp → the mailed code → ConfirmSignUp → sign-in, then creates and updates its own
 * notes through GraphQL. Each note has one writer, so its acknowledged versions are ordered; a note's
 * text names its version, so a row whose text and version disagree is half of one write.
 */
import { randomUUID } from 'node:crypto';
import { CognitoError, cognitoJson } from '../support/cognito-json.js';
import { type Failure, isFinding } from '../support/crash-support.js';
import { mailboxOf } from '../support/mailbox.js';

export const PASSWORD = 'Crash-test-9';
const OPS_PER_USER = 6;

export interface NoteState {
  id: string;
  /** the last acknowledged version; undefined until the create is acknowledged */
  acked?: number;
  /** the highest version ever sent */
  sent: number;
}

export interface UserState {
  email: string;
  /** how far the acknowledged (or, after a restart, the stored) state has come */
  stage: 'new' | 'signedUp' | 'confirmed' | 'done';
  signUpAcked: boolean;
  confirmAcked: boolean;
  /** ConfirmSignUp calls sent: more than one means one was in flight at a kill and was retried */
  confirmCalls: number;
  token?: string;
  notes: NoteState[];
  ops: number;
}

export interface Workload {
  port: number;
  clientId: string;
  alive(): boolean;
  failures: Failure[];
  users: UserState[];
  /** sign-ups whose code was not in the mailbox and was sent again */
  resent: number;
  /** steps acknowledged so far, by every worker */
  acked: number;
}

export const noteText = (id: string, version: number) => `${id}:v${version}`;

export const newUser = (tag: string): UserState => ({
  email: `${tag}-${randomUUID().slice(0, 8)}@crash.test`,
  stage: 'new',
  signUpAcked: false,
  confirmAcked: false,
  confirmCalls: 0,
  notes: [],
  ops: 0,
});

const cognito = (w: Workload, op: string, body: object) =>
  cognitoJson(`http://127.0.0.1:${w.port}/cognito`, op, { ClientId: w.clientId, ...body });

/**
 * The newest six-digit code mailed to the user, asking for another when there is none: a kill
 * between storing the user and its mail leaves none, but only for a sign-up that was not acknowledged.
 */
async function codeFor(w: Workload, u: UserState): Promise<string> {
  const email = u.email;
  const find = async () => /(\d{6})/.exec((await mailboxOf(w.port, email)).at(-1)?.text ?? '')?.[1];
  const code = await find();
  if (code) return code;
  if (u.signUpAcked) w.failures.push({ key: email, what: 'mailbox', error: 'acknowledged sign-up has no code mail', whileAlive: true });
  w.resent++;
  await cognito(w, 'ResendConfirmationCode', { Username: email });
  const again = await find();
  if (!again) throw new Error(`no code for ${email} even after ResendConfirmationCode`);
  return again;
}

async function graphql(w: Workload, token: string, query: string, variables: object): Promise<any> {
  const res = await fetch(`http://127.0.0.1:${w.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: { message: string }[] };
  if (res.status !== 200 || body.errors) throw Object.assign(new Error(JSON.stringify(body.errors ?? body)), { status: res.status });
  return body.data;
}

const CREATE = 'mutation C($input: CreateNoteInput!) { createNote(input: $input) { id version } }';
const UPDATE = 'mutation U($input: UpdateNoteInput!) { updateNote(input: $input) { id version } }';

/** one create or update of one of the user's notes */
async function noteOp(w: Workload, u: UserState): Promise<void> {
  const token = u.token as string;
  if (u.notes.length < 2 || Math.random() < 0.2) {
    const n: NoteState = { id: randomUUID(), sent: 1 };
    u.notes.push(n);
    await graphql(w, token, CREATE, { input: { id: n.id, text: noteText(n.id, 1), version: 1 } });
    n.acked = 1;
    return;
  }
  const n = u.notes[Math.floor(Math.random() * u.notes.length)] as NoteState;
  const version = n.sent + 1;
  n.sent = version;
  await graphql(w, token, UPDATE, { input: { id: n.id, text: noteText(n.id, version), version } });
  n.acked = version;
}

/** the user's next step; throws when it was not acknowledged */
async function step(w: Workload, u: UserState): Promise<void> {
  if (u.stage === 'new') {
    await cognito(w, 'SignUp', { Username: u.email, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: u.email }] });
    u.signUpAcked = true;
    u.stage = 'signedUp';
  } else if (u.stage === 'signedUp') {
    const code = await codeFor(w, u);
    u.confirmCalls++;
    await cognito(w, 'ConfirmSignUp', { Username: u.email, ConfirmationCode: code });
    u.confirmAcked = true;
    u.stage = 'confirmed';
  } else if (!u.token) {
    const auth = await cognito(w, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: u.email, PASSWORD } });
    u.token = auth.AuthenticationResult.AccessToken as string;
  } else {
    await noteOp(w, u);
    if (++u.ops >= OPS_PER_USER) u.stage = 'done';
  }
}

/** One client: steps its users until the server dies; returns how many steps were acknowledged. */
export async function worker(w: Workload, tag: string, current: { user?: UserState }): Promise<number> {
  let acknowledged = 0;
  while (w.alive()) {
    if (!current.user || current.user.stage === 'done') {
      current.user = newUser(tag);
      w.users.push(current.user);
    }
    const u = current.user;
    try {
      await step(w, u);
      acknowledged++;
      w.acked++;
    } catch (e) {
      const status = e instanceof CognitoError ? e.status : (e as { status?: number }).status;
      if (isFinding(status, w.alive())) w.failures.push({ key: u.email, what: u.stage, error: String(e), whileAlive: w.alive() });
      break; // in doubt until the restart: the stored state decides where this user goes on
    }
  }
  return acknowledged;
}
