import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { wordCount } from './functions/word-count/resource';

defineBackend({
  auth,
  data,
  wordCount,
});
