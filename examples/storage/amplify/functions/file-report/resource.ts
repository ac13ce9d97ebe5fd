import { defineFunction } from '@aws-amplify/backend';

export const fileReport = defineFunction({
  name: 'file-report',
});
