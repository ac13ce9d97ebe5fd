import { defineStorage } from '@aws-amplify/backend';

export const storage = defineStorage({
  name: 'benchFiles',
  access: (allow) => ({
    'public/*': [allow.guest.to(['read', 'write', 'delete']), allow.authenticated.to(['read', 'write', 'delete'])],
    'private/{entity_id}/*': [allow.entity('identity').to(['read', 'write', 'delete'])],
  }),
});
