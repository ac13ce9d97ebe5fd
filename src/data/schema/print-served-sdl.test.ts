import { buildClientSchema, getIntrospectionQuery, graphqlSync } from 'graphql';
import { describe, expect, it } from 'vitest';
import { dataIR, field, model, rules, userProfileModel } from '../../../test/support/data-builders.js';
import { buildExecutableSchema } from './build-executable-schema.js';
import { printServedSdl } from './print-served-sdl.js';

// Reference §4: the SDL Amplify deploys for the docs' UserProfile model, in the transformer's order.
const USER_PROFILE_SDL = `type UserProfile @aws_iam @aws_cognito_user_pools {
  email: String
  profileOwner: String
  id: ID!
  createdAt: AWSDateTime!
  updatedAt: AWSDateTime!
}

input AmplifyAIConversationTurnErrorInput {
  errorType: String!
  message: String!
}

input ModelStringInput {
  ne: String
  eq: String
  le: String
  lt: String
  ge: String
  gt: String
  contains: String
  notContains: String
  between: [String]
  beginsWith: String
  attributeExists: Boolean
  attributeType: ModelAttributeTypes
  size: ModelSizeInput
}

input ModelIntInput {
  ne: Int
  eq: Int
  le: Int
  lt: Int
  ge: Int
  gt: Int
  between: [Int]
  attributeExists: Boolean
  attributeType: ModelAttributeTypes
}

input ModelFloatInput {
  ne: Float
  eq: Float
  le: Float
  lt: Float
  ge: Float
  gt: Float
  between: [Float]
  attributeExists: Boolean
  attributeType: ModelAttributeTypes
}

input ModelBooleanInput {
  ne: Boolean
  eq: Boolean
  attributeExists: Boolean
  attributeType: ModelAttributeTypes
}

input ModelIDInput {
  ne: ID
  eq: ID
  le: ID
  lt: ID
  ge: ID
  gt: ID
  contains: ID
  notContains: ID
  between: [ID]
  beginsWith: ID
  attributeExists: Boolean
  attributeType: ModelAttributeTypes
  size: ModelSizeInput
}

input ModelSubscriptionStringInput {
  ne: String
  eq: String
  le: String
  lt: String
  ge: String
  gt: String
  contains: String
  notContains: String
  between: [String]
  beginsWith: String
  in: [String]
  notIn: [String]
}

input ModelSubscriptionIntInput {
  ne: Int
  eq: Int
  le: Int
  lt: Int
  ge: Int
  gt: Int
  between: [Int]
  in: [Int]
  notIn: [Int]
}

input ModelSubscriptionFloatInput {
  ne: Float
  eq: Float
  le: Float
  lt: Float
  ge: Float
  gt: Float
  between: [Float]
  in: [Float]
  notIn: [Float]
}

input ModelSubscriptionBooleanInput {
  ne: Boolean
  eq: Boolean
}

input ModelSubscriptionIDInput {
  ne: ID
  eq: ID
  le: ID
  lt: ID
  ge: ID
  gt: ID
  contains: ID
  notContains: ID
  between: [ID]
  beginsWith: ID
  in: [ID]
  notIn: [ID]
}

enum ModelAttributeTypes {
  binary
  binarySet
  bool
  list
  map
  number
  numberSet
  string
  stringSet
  _null
}

input ModelSizeInput {
  ne: Int
  eq: Int
  le: Int
  lt: Int
  ge: Int
  gt: Int
  between: [Int]
}

enum ModelSortDirection {
  ASC
  DESC
}

type ModelUserProfileConnection @aws_iam @aws_cognito_user_pools {
  items: [UserProfile]!
  nextToken: String
}

input ModelUserProfileFilterInput {
  email: ModelStringInput
  profileOwner: ModelStringInput
  id: ModelIDInput
  createdAt: ModelStringInput
  updatedAt: ModelStringInput
  and: [ModelUserProfileFilterInput]
  or: [ModelUserProfileFilterInput]
  not: ModelUserProfileFilterInput
}

type Query {
  getUserProfile(id: ID!): UserProfile @aws_iam @aws_cognito_user_pools
  listUserProfiles(filter: ModelUserProfileFilterInput, limit: Int, nextToken: String): ModelUserProfileConnection @aws_iam @aws_cognito_user_pools
}

input ModelUserProfileConditionInput {
  email: ModelStringInput
  profileOwner: ModelStringInput
  and: [ModelUserProfileConditionInput]
  or: [ModelUserProfileConditionInput]
  not: ModelUserProfileConditionInput
  createdAt: ModelStringInput
  updatedAt: ModelStringInput
}

input CreateUserProfileInput {
  email: String
  profileOwner: String
  id: ID
}

input UpdateUserProfileInput {
  email: String
  profileOwner: String
  id: ID!
}

input DeleteUserProfileInput {
  id: ID!
}

type Mutation {
  createUserProfile(input: CreateUserProfileInput!, condition: ModelUserProfileConditionInput): UserProfile @aws_iam @aws_cognito_user_pools
  updateUserProfile(input: UpdateUserProfileInput!, condition: ModelUserProfileConditionInput): UserProfile @aws_iam @aws_cognito_user_pools
  deleteUserProfile(input: DeleteUserProfileInput!, condition: ModelUserProfileConditionInput): UserProfile @aws_iam @aws_cognito_user_pools
}

input ModelSubscriptionUserProfileFilterInput {
  email: ModelSubscriptionStringInput
  id: ModelSubscriptionIDInput
  createdAt: ModelSubscriptionStringInput
  updatedAt: ModelSubscriptionStringInput
  and: [ModelSubscriptionUserProfileFilterInput]
  or: [ModelSubscriptionUserProfileFilterInput]
  profileOwner: ModelStringInput
}

type Subscription {
  onCreateUserProfile(filter: ModelSubscriptionUserProfileFilterInput, profileOwner: String): UserProfile @aws_subscribe(mutations: ["createUserProfile"]) @aws_iam @aws_cognito_user_pools
  onUpdateUserProfile(filter: ModelSubscriptionUserProfileFilterInput, profileOwner: String): UserProfile @aws_subscribe(mutations: ["updateUserProfile"]) @aws_iam @aws_cognito_user_pools
  onDeleteUserProfile(filter: ModelSubscriptionUserProfileFilterInput, profileOwner: String): UserProfile @aws_subscribe(mutations: ["deleteUserProfile"]) @aws_iam @aws_cognito_user_pools
}
`;

describe('printServedSdl', () => {
  it('prints exactly the UserProfile schema Amplify deploys', () => {
    expect(printServedSdl(dataIR([userProfileModel()]))).toBe(USER_PROFILE_SDL);
  });

  it('marks an API-key-only model @aws_iam @aws_api_key (reference §4)', () => {
    const sdl = printServedSdl(dataIR([model('Todo', [field('content')])]));
    expect(sdl).toContain('type Todo @aws_iam @aws_api_key {');
  });

  it('lists the implicit owner field after and/or/not, not in Create/Update inputs, and as a subscription argument', () => {
    // the IR compiler marks the implicit owner field readOnly (the server fills it)
    const owner = field('owner', 'String', { readOnly: true });
    const todo = model('Todo', [field('content')], { authRules: [rules.owner()], trailing: [owner] });
    const sdl = printServedSdl(dataIR([todo]));
    expect(sdl).toContain('  not: ModelTodoFilterInput\n  owner: ModelStringInput\n}');
    expect(sdl).toContain('  updatedAt: ModelStringInput\n  owner: ModelStringInput\n}');
    expect(sdl).toContain('input CreateTodoInput {\n  content: String\n  id: ID\n}');
    expect(sdl).toContain('input UpdateTodoInput {\n  content: String\n  id: ID!\n}');
    expect(sdl).toContain('onCreateTodo(filter: ModelSubscriptionTodoFilterInput, owner: String): Todo');
  });

  it('prints enums, non-model types and their inputs, and custom primary keys', () => {
    const post = model(
      'Post',
      [
        field('blogId', 'String', { required: true }),
        field('slug', 'String', { required: true }),
        field('status', { kind: 'enum', name: 'PostStatus' }),
        field('meta', { kind: 'nonModel', name: 'PostMeta' }),
        field('tags', 'String', { isArray: true }),
      ],
      { primaryKey: { partitionKey: 'blogId', sortKeys: ['slug'], isCustom: true }, implicit: [] },
    );
    const ir = dataIR([post], {
      enums: [{ name: 'PostStatus', values: ['DRAFT', 'PUBLISHED'] }],
      nonModels: [{ name: 'PostMeta', fields: [field('views', 'Int')] }],
    });
    const sdl = printServedSdl(ir);
    expect(sdl).toContain('getPost(blogId: String!, slug: String!): Post');
    expect(sdl).toContain(
      'listPosts(blogId: String, slug: ModelStringKeyConditionInput, filter: ModelPostFilterInput, limit: Int, nextToken: String, sortDirection: ModelSortDirection)',
    );
    expect(sdl).toContain('input ModelPostStatusInput {\n  eq: PostStatus\n  ne: PostStatus\n}');
    expect(sdl).toContain('  meta: PostMetaInput\n');
    expect(sdl).toContain('input DeletePostInput {\n  blogId: String!\n  slug: String!\n}');
    expect(() => buildExecutableSchema(ir)).not.toThrow();
  });
});

describe('buildExecutableSchema', () => {
  it('answers the standard introspection query', () => {
    const { schema } = buildExecutableSchema(dataIR([userProfileModel()]));
    const result = graphqlSync({ schema, source: getIntrospectionQuery() });
    expect(result.errors).toBeUndefined();
    const client = buildClientSchema(result.data as never);
    expect(Object.keys(client.getQueryType()?.getFields() ?? {})).toEqual(['getUserProfile', 'listUserProfiles']);
    expect(client.getType('ModelSubscriptionUserProfileFilterInput')).toBeDefined();
  });
});
