import type { AppSyncResolverHandler } from 'aws-lambda';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { env } from '$amplify/env/file-report';

const s3Client = new S3Client();

type Args = { prefix?: string; title?: string };

/** listFiles: the keys under a folder of the files bucket; writeReport: saves that list under reports/. */
export const handler: AppSyncResolverHandler<Args, string[] | string> = async (event) => {
  if (event.info.fieldName === 'writeReport') {
    const keys = await listKeys('public/');
    const key = `reports/${event.arguments.title}.txt`;
    await s3Client.send(
      new PutObjectCommand({
        Bucket: env.hearthFiles_BUCKET_NAME,
        Key: key,
        Body: keys.join('\n'),
        ContentType: 'text/plain',
      }),
    );
    return key;
  }
  return listKeys(event.arguments.prefix ?? '');
};

async function listKeys(prefix: string): Promise<string[]> {
  const { Contents = [] } = await s3Client.send(
    new ListObjectsV2Command({ Bucket: env.hearthFiles_BUCKET_NAME, Prefix: prefix }),
  );
  return Contents.map((o) => o.Key ?? '');
}
