import type { S3Handler } from 'aws-lambda';
import type { Schema } from '../../data/resource';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { getAmplifyDataClientConfig } from '@aws-amplify/backend/function/runtime';
import { env } from '$amplify/env/on-upload';

const { resourceConfig, libraryOptions } = await getAmplifyDataClientConfig(env);
Amplify.configure(resourceConfig, libraryOptions);

const client = generateClient<Schema>();

/** Records every uploaded object, so the app can show what arrived. */
export const handler: S3Handler = async (event) => {
  for (const record of event.Records) {
    // S3 event keys are URL-encoded, with spaces as '+'
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    console.log(`Upload handler invoked for ${key}`);
    await client.models.StorageEvent.create({
      kind: record.eventName,
      bucket: record.s3.bucket.name,
      key,
      size: record.s3.object.size,
    });
  }
};
