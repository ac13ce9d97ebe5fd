import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { FunctionIR } from '../ir/types.js';
import { buildLambdaEnv } from './lambda-env.js';

const fn: FunctionIR = {
  name: 'file-report',
  entry: '/app/amplify/functions/file-report/handler.ts',
  definedIn: '/app/amplify/functions/file-report/resource.ts',
  timeoutSeconds: 3,
  memoryMB: 512,
  environment: {},
  dataAccess: false,
  storageAccess: [
    { envName: 'myReports_BUCKET_NAME', bucketName: 'amplify-app-myreports-0a1b2c3d' },
    { envName: 'archive_BUCKET_NAME', bucketName: 'amplify-app-archive-4e5f6a7b' },
  ],
};
const credentials = { accessKeyId: 'ASIAHEARTH', secretAccessKey: 'secret', sessionToken: 'token', expiration: Date.now() + 3_600_000 };
const base = {
  region: 'us-east-1',
  credentials,
  taskRoot: '/tmp/task',
  dataUrl: 'http://127.0.0.1:4000/graphql',
  parentEnv: { PATH: process.env.PATH },
};

describe('buildLambdaEnv storage', () => {
  it('gives a function with storage access each bucket name and the S3 endpoint beside the data endpoint', () => {
    const env = buildLambdaEnv({ ...base, fn });
    expect(env.myReports_BUCKET_NAME).toBe('amplify-app-myreports-0a1b2c3d');
    expect(env.archive_BUCKET_NAME).toBe('amplify-app-archive-4e5f6a7b');
    expect(env.AWS_ENDPOINT_URL_S3).toBe('http://127.0.0.1:4000/s3');
  });

  it('prefers the storage endpoint it is given', () => {
    expect(buildLambdaEnv({ ...base, fn, storageUrl: 'https://hearth.example.com/s3' }).AWS_ENDPOINT_URL_S3).toBe(
      'https://hearth.example.com/s3',
    );
  });

  it('gives a function without storage access neither bucket names nor the endpoint', () => {
    const env = buildLambdaEnv({ ...base, fn: { ...fn, storageAccess: undefined } });
    expect(Object.keys(env).filter((k) => k.endsWith('_BUCKET_NAME') || k === 'AWS_ENDPOINT_URL_S3')).toEqual([]);
  });

  it("points an unconfigured S3Client at Hearth's path-style endpoint when the host is an IP address", () => {
    const env = buildLambdaEnv({ ...base, fn });
    // what a handler does: `new S3Client()` and GetObject on env.myReports_BUCKET_NAME; the request is stopped before it leaves
    const script = `
      import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
      const s3 = new S3Client();
      s3.middlewareStack.add(() => async ({ request }) => { console.log(request.hostname + ':' + request.port + request.path); throw new Error('stop'); }, { step: 'finalizeRequest' });
      await s3.send(new GetObjectCommand({ Bucket: process.env.myReports_BUCKET_NAME, Key: 'reports/2024.csv' })).catch(() => {});
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env,
      cwd: process.cwd(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(out.trim()).toBe('127.0.0.1:4000/s3/amplify-app-myreports-0a1b2c3d/reports/2024.csv');
  });
});
