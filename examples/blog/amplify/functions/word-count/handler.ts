import type { Schema } from '../../data/resource';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { getAmplifyDataClientConfig } from '@aws-amplify/backend/function/runtime';
import { env } from '$amplify/env/word-count';

const { resourceConfig, libraryOptions } = await getAmplifyDataClientConfig(env);
Amplify.configure(resourceConfig, libraryOptions);

const client = generateClient<Schema>();

export const handler: Schema['wordCount']['functionHandler'] = async (event) => {
  const { data: post } = await client.models.Post.get({ id: event.arguments.postId });
  if (!post) throw new Error(`Post ${event.arguments.postId} not found`);
  const words = (post.body ?? '').split(/\s+/).filter(Boolean).length;
  return { postId: post.id, title: post.title, words };
};
