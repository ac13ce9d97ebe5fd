import { defineFunction } from '@aws-amplify/backend';

export const onDelete = defineFunction({
  name: 'on-delete',
  resourceGroupName: 'storage',
});
