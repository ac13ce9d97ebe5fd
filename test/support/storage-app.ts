/**
 * examples/storage started in process (SQLite or a throw-away PostgreSQL schema), with the test's
 * aws-amplify configured by `configureAmplify`, and the few things a storage test does besides
 * calling `aws-amplify/storage`: make users through the real sign-up flow, put one in a group
 * with the admin SDK (as an admin script would), and build `@aws-sdk/client-s3` clients.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { S3Client } from '@aws-sdk/client-s3';
import { confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { type AppBackend, startAppBackend } from './app-backend.js';
import { copyExample } from './app-copy.js';
import { latestCode } from './mailbox.js';

export const PASSWORD = 'Correct-horse-9';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The parts of amplify_outputs.json the storage tests read. */
export interface StorageOutputs {
  auth: { user_pool_id: string; aws_region: string };
  storage: {
    aws_region: string;
    bucket_name: string;
    buckets: { name: string; bucket_name: string; aws_region: string; paths: Record<string, unknown> }[];
  };
  custom: { hearth: { storageEndpoint: string; userPoolEndpoint: string } };
}

export interface StorageApp {
  dir: string;
  port: number;
  outputs: StorageOutputs;
  app: AppBackend;
  /** the bucket name of a storage by its `name` in defineStorage */
  bucket(name: string): string;
  /** signs up and confirms `email` with the mailed code, then signs in as them; returns the identity id */
  signUpAndSignIn(email: string): Promise<string>;
  /** signs out whoever is signed in, then signs in as `email`; returns the identity id */
  signInAs(email: string): Promise<string>;
  /** signs out: later calls run as a guest identity */
  beGuest(): Promise<void>;
  /** AdminAddUserToGroup with the sandbox's admin key */
  addToGroup(email: string, group: string): Promise<void>;
  /** the current Amplify identity's AWS credentials (guest or signed in) */
  credentials(): Promise<AwsCredentials>;
  /** an S3 client for Hearth's endpoint, path-style */
  s3(credentials: AwsCredentials): S3Client;
  adminKey: AwsCredentials;
  stop(): Promise<void>;
}

export async function startStorageApp(engine: 'sqlite' | 'postgres'): Promise<StorageApp> {
  const copy = copyExample('storage');
  let app: AppBackend;
  try {
    app = await startAppBackend(copy.dir, { engine, mailbox: true });
  } catch (e) {
    copy.remove();
    throw e;
  }
  const outputs = JSON.parse(readFileSync(join(copy.dir, 'amplify_outputs.json'), 'utf8')) as StorageOutputs;
  const port = Number(new URL(app.backend.urls.base).port);
  const adminKey = JSON.parse(readFileSync(join(copy.dir, '.amplify/hearth/admin-credentials.json'), 'utf8')) as AwsCredentials;
  const region = outputs.storage.aws_region;
  const clients: { destroy(): void }[] = [];
  const track = <T extends { destroy(): void }>(c: T): T => {
    clients.push(c);
    return c;
  };
  const identityId = async () => (await fetchAuthSession()).identityId as string;
  const signInAs = async (email: string) => {
    await signOut();
    const r = await signIn({ username: email, password: PASSWORD });
    if (r.nextStep.signInStep !== 'DONE') throw new Error(`sign-in of ${email} stopped at ${r.nextStep.signInStep}`);
    return identityId();
  };
  return {
    dir: copy.dir,
    port,
    outputs,
    app,
    bucket(name) {
      const b = outputs.storage.buckets.find((x) => x.name === name);
      if (!b) throw new Error(`no bucket named ${name} in outputs`);
      return b.bucket_name;
    },
    async signUpAndSignIn(email) {
      await signOut();
      await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
      await confirmSignUp({ username: email, confirmationCode: await latestCode(port, email) });
      return signInAs(email);
    },
    signInAs,
    beGuest: () => signOut(),
    async addToGroup(email, group) {
      const admin = track(
        new CognitoIdentityProviderClient({ region, endpoint: outputs.custom.hearth.userPoolEndpoint, credentials: adminKey }),
      );
      await admin.send(new AdminAddUserToGroupCommand({ UserPoolId: outputs.auth.user_pool_id, Username: email, GroupName: group }));
    },
    async credentials() {
      const c = (await fetchAuthSession()).credentials;
      if (!c) throw new Error('no AWS credentials for the current identity');
      return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
    },
    s3: (credentials) =>
      track(new S3Client({ region, endpoint: outputs.custom.hearth.storageEndpoint, forcePathStyle: true, credentials, maxAttempts: 1 })),
    adminKey,
    async stop() {
      await signOut().catch(() => {});
      for (const c of clients) c.destroy();
      await app.stop();
      copy.remove();
    },
  };
}
