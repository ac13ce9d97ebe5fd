import { type ClientSchema, a, defineData } from '@aws-amplify/backend';
import { wordCount } from '../functions/word-count/resource';

const schema = a
  .schema({
    PostStatus: a.enum(['DRAFT', 'PUBLISHED']),

    Author: a
      .model({
        name: a.string().required(),
        bio: a.string(),
        posts: a.hasMany('Post', 'authorId'),
      })
      .authorization((allow) => [allow.publicApiKey().to(['read']), allow.owner()]),

    Post: a
      .model({
        title: a.string().required(),
        body: a.string(),
        status: a.ref('PostStatus').required(),
        publishedAt: a.datetime(),
        authorId: a.id(),
        author: a.belongsTo('Author', 'authorId'),
        comments: a.hasMany('Comment', 'postId'),
        tags: a.hasMany('PostTag', 'postId'),
      })
      .secondaryIndexes((index) => [index('status').sortKeys(['publishedAt']).queryField('listPostsByStatus')])
      .authorization((allow) => [allow.publicApiKey().to(['read']), allow.owner(), allow.group('EDITORS')]),

    Comment: a
      .model({
        postId: a.id().required(),
        post: a.belongsTo('Post', 'postId'),
        content: a.string().required(),
      })
      .authorization((allow) => [
        allow.publicApiKey().to(['read']),
        allow.authenticated().to(['read']),
        allow.owner(),
      ]),

    Tag: a
      .model({
        name: a.string().required(),
        posts: a.hasMany('PostTag', 'tagName'),
      })
      .identifier(['name'])
      .authorization((allow) => [allow.publicApiKey().to(['read']), allow.group('EDITORS')]),

    PostTag: a
      .model({
        postId: a.id().required(),
        tagName: a.string().required(),
        post: a.belongsTo('Post', 'postId'),
        tag: a.belongsTo('Tag', 'tagName'),
      })
      .authorization((allow) => [allow.publicApiKey().to(['read']), allow.group('EDITORS')]),

    WordCount: a.customType({
      postId: a.id().required(),
      title: a.string(),
      words: a.integer().required(),
    }),

    wordCount: a
      .query()
      .arguments({ postId: a.id().required() })
      .returns(a.ref('WordCount'))
      .handler(a.handler.function(wordCount))
      .authorization((allow) => [allow.publicApiKey(), allow.authenticated()]),
  })
  .authorization((allow) => [allow.resource(wordCount).to(['query'])]);

export type Schema = ClientSchema<typeof schema>;

export const data = defineData({
  schema,
  authorizationModes: {
    defaultAuthorizationMode: 'userPool',
    apiKeyAuthorizationMode: {
      expiresInDays: 30,
    },
  },
});
