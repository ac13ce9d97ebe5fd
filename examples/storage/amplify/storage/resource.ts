import { defineStorage } from '@aws-amplify/backend';
import { fileReport } from '../functions/file-report/resource';
import { onDelete } from './on-delete/resource';
import { onUpload } from './on-upload/resource';

export const storage = defineStorage({
  name: 'hearthFiles',
  isDefault: true,
  access: (allow) => ({
    'public/*': [
      allow.guest.to(['read']),
      allow.authenticated.to(['read', 'write']),
      allow.resource(fileReport).to(['read']),
    ],
    'profile-pictures/{entity_id}/*': [
      allow.guest.to(['read']),
      allow.entity('identity').to(['read', 'write', 'delete']),
    ],
    'admin/*': [allow.groups(['ADMINS']).to(['read', 'write', 'delete']), allow.authenticated.to(['read'])],
    'reports/*': [allow.resource(fileReport).to(['read', 'write', 'delete']), allow.authenticated.to(['read'])],
  }),
  triggers: {
    onUpload,
    onDelete,
  },
});

export const archive = defineStorage({
  name: 'hearthArchive',
  access: (allow) => ({
    'archive/{entity_id}/*': [allow.entity('identity').to(['read', 'write', 'delete'])],
    'shared/*': [allow.authenticated.to(['read', 'write'])],
  }),
});
