import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { fileReport } from './functions/file-report/resource';
import { onDelete } from './storage/on-delete/resource';
import { onUpload } from './storage/on-upload/resource';
import { archive, storage } from './storage/resource';

defineBackend({
  auth,
  data,
  storage,
  archive,
  onUpload,
  onDelete,
  fileReport,
});
