import { type ClientSchema, a, defineData } from '@aws-amplify/backend';
import { fileReport } from '../functions/file-report/resource';
import { onDelete } from '../storage/on-delete/resource';
import { onUpload } from '../storage/on-upload/resource';

const schema = a
  .schema({
    StorageEvent: a
      .model({
        kind: a.string().required(),
        bucket: a.string().required(),
        key: a.string().required(),
        size: a.integer(),
      })
      .authorization((allow) => [allow.authenticated().to(['read'])]),

    listFiles: a
      .query()
      .arguments({ prefix: a.string().required() })
      .returns(a.string().array())
      .handler(a.handler.function(fileReport))
      .authorization((allow) => [allow.authenticated()]),

    writeReport: a
      .mutation()
      .arguments({ title: a.string().required() })
      .returns(a.string())
      .handler(a.handler.function(fileReport))
      .authorization((allow) => [allow.authenticated()]),
  })
  .authorization((allow) => [allow.resource(onUpload).to(['mutate']), allow.resource(onDelete).to(['mutate'])]);

export type Schema = ClientSchema<typeof schema>;

export const data = defineData({
  schema,
  authorizationModes: {
    defaultAuthorizationMode: 'userPool',
  },
});
