import { a, type ClientSchema, defineData } from '@aws-amplify/backend';

/** The data benchmark's app: 100,000 items, one secondary index, reviews as a hasMany. */
const schema = a.schema({
  Item: a
    .model({
      sku: a.string().required(),
      category: a.string().required(),
      price: a.float().required(),
      name: a.string(),
      reviews: a.hasMany('Review', 'itemId'),
    })
    .secondaryIndexes((index) => [index('category').sortKeys(['price'])])
    .authorization((allow) => [allow.publicApiKey()]),

  Review: a
    .model({
      itemId: a.id().required(),
      item: a.belongsTo('Item', 'itemId'),
      stars: a.integer().required(),
      text: a.string(),
    })
    .authorization((allow) => [allow.publicApiKey()]),
});

export type Schema = ClientSchema<typeof schema>;

export const data = defineData({
  schema,
  authorizationModes: { defaultAuthorizationMode: 'apiKey', apiKeyAuthorizationMode: { expiresInDays: 30 } },
});
