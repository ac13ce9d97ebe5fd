/** The docs' UserProfile schema (examples/user-profile), through the real `a` builder. */
import { a } from '@aws-amplify/data-schema';
import type { DataIR } from '../../src/ir/types.js';
import { dataIR, userProfileModel } from './data-builders.js';

export function userProfileInputSdl(): string {
  const schema = a.schema({
    UserProfile: a.model({ email: a.string(), profileOwner: a.string() }).authorization((allow) => [allow.ownerDefinedIn('profileOwner')]),
  });
  return schema.transform().schema;
}

/** DataIR for the example app: apiKey default, user pools and IAM as additional modes. */
export function userProfileDataIR(): DataIR {
  return dataIR([userProfileModel()], {
    defaultAuthMode: 'apiKey',
    authModes: ['apiKey', 'userPool', 'iam'],
    apiKey: { expiresInDays: 30 },
    inputSdl: userProfileInputSdl(),
  });
}
