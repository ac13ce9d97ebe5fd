/**
 * fast-check arbitraries for the protocol fuzz test (fuzz-protocols.test.ts): random and mutated
 * requests for the Cognito JSON targets, GraphQL over HTTP and the realtime socket. Mutations start
 * from valid requests so the fuzzer gets past the first parameter check now and then.
 */
import fc from 'fast-check';

/** anything JSON, weighted to the kinds parameter checks trip over */
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u0000', '😀'.repeat(30), 'a'.repeat(70_000), '-1', 'null', '__proto__') },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
);

/** Deletes, inserts, duplicates or truncates at a random place: JSON that is almost right. */
export function mutated(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(
      text,
      fc.nat(),
      fc.constantFrom('delete', 'insert', 'duplicate', 'truncate'),
      fc.constantFrom('{', '}', '"', ',', ':', '\\', '[', 'x', ' ', '\n'),
    )
    .map(([t, at, how, ch]) => {
      const i = t.length === 0 ? 0 : at % t.length;
      if (how === 'delete') return t.slice(0, i) + t.slice(i + 1);
      if (how === 'insert') return t.slice(0, i) + ch + t.slice(i);
      if (how === 'duplicate') return t.slice(0, i) + t.slice(i, i + 20) + t.slice(i);
      return t.slice(0, i);
    });
}

const COGNITO_KEYS = [
  'ClientId',
  'Username',
  'Password',
  'ConfirmationCode',
  'AccessToken',
  'RefreshToken',
  'Session',
  'AuthFlow',
  'AuthParameters',
  'ChallengeName',
  'ChallengeResponses',
  'UserAttributes',
  'ClientMetadata',
  'ValidationData',
  'PreviousPassword',
  'ProposedPassword',
  'Token',
  'UserCode',
  'AttributeName',
  'Code',
  'UserAttributeNames',
  'SoftwareTokenMfaSettings',
  'SMSMfaSettings',
  'EmailMfaSettings',
  'GroupName',
  'UserPoolId',
  'IdentityPoolId',
  'IdentityId',
  'Logins',
  'ForceAliasCreation',
  'Limit',
  'PaginationToken',
  'Filter',
] as const;

const AUTH_FLOWS = [
  'USER_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'REFRESH_TOKEN_AUTH',
  'REFRESH_TOKEN',
  'CUSTOM_AUTH',
  'USER_AUTH',
  'ADMIN_USER_PASSWORD_AUTH',
  'NOPE',
];
const CHALLENGES = [
  'PASSWORD_VERIFIER',
  'SMS_MFA',
  'SOFTWARE_TOKEN_MFA',
  'NEW_PASSWORD_REQUIRED',
  'CUSTOM_CHALLENGE',
  'SELECT_CHALLENGE',
  'MFA_SETUP',
  'EMAIL_OTP',
  'X',
];
const PARAM_KEYS = [
  'USERNAME',
  'PASSWORD',
  'SRP_A',
  'REFRESH_TOKEN',
  'SECRET_HASH',
  'PASSWORD_CLAIM_SIGNATURE',
  'PASSWORD_CLAIM_SECRET_BLOCK',
  'TIMESTAMP',
  'SOFTWARE_TOKEN_MFA_CODE',
  'NEW_PASSWORD',
  'ANSWER',
  'PREFERRED_CHALLENGE',
  'DEVICE_KEY',
];

/** A plausible Cognito request body: known keys, values sometimes right, often wrong. */
export function cognitoBody(
  clientId: string,
  tokens: { AccessToken: string; RefreshToken: string },
): fc.Arbitrary<Record<string, unknown>> {
  const stringMap = fc.dictionary(
    fc.constantFrom(...PARAM_KEYS),
    fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 1, maxLength: 520 })),
    { maxKeys: 5 },
  );
  const special: Record<string, fc.Arbitrary<unknown>> = {
    ClientId: fc.oneof(fc.constant(clientId), value),
    // a real token now and then: the signed-in operations then reach their own parameter checks
    AccessToken: fc.oneof(fc.constant(tokens.AccessToken), value),
    RefreshToken: fc.oneof(fc.constant(tokens.RefreshToken), value),
    Token: fc.oneof(fc.constant(tokens.RefreshToken), value),
    Username: fc.oneof(fc.emailAddress(), value),
    Password: fc.oneof(fc.constant('Passw0rd!'), value),
    AuthFlow: fc.oneof(fc.constantFrom(...AUTH_FLOWS), value),
    ChallengeName: fc.oneof(fc.constantFrom(...CHALLENGES), value),
    AuthParameters: fc.oneof(stringMap, value),
    ChallengeResponses: fc.oneof(stringMap, value),
    UserAttributes: fc.oneof(
      fc.array(fc.record({ Name: fc.oneof(fc.constantFrom('email', 'name', 'sub', 'custom:x'), value), Value: value }), { maxLength: 3 }),
      value,
    ),
  };
  return fc
    .dictionary(fc.constantFrom(...COGNITO_KEYS), value, { maxKeys: 6 })
    .chain((base) => fc.record(Object.fromEntries(Object.keys(base).map((k) => [k, special[k] ?? fc.constant(base[k])]))));
}

/** Well-formed requests of the public operations, so some get past every check (and some succeed). */
export function validCognito(clientId: string): fc.Arbitrary<[target: string, body: Record<string, unknown>]> {
  const user = fc.emailAddress({ size: 'small' });
  const srpA = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 1, maxLength: 768 });
  return fc.oneof(
    user.map((u): [string, Record<string, unknown>] => [
      'SignUp',
      { ClientId: clientId, Username: u, Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: u }] },
    ]),
    user.map((u): [string, Record<string, unknown>] => ['ResendConfirmationCode', { ClientId: clientId, Username: u }]),
    user.map((u): [string, Record<string, unknown>] => ['ForgotPassword', { ClientId: clientId, Username: u }]),
    fc
      .tuple(user, fc.string({ maxLength: 8 }))
      .map(([u, c]): [string, Record<string, unknown>] => ['ConfirmSignUp', { ClientId: clientId, Username: u, ConfirmationCode: c }]),
    fc
      .tuple(user, srpA)
      .map(([u, a]): [string, Record<string, unknown>] => [
        'InitiateAuth',
        { ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: u, SRP_A: a } },
      ]),
    fc
      .tuple(user, fc.string({ maxLength: 20 }))
      .map(([u, p]): [string, Record<string, unknown>] => [
        'InitiateAuth',
        { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: u, PASSWORD: p } },
      ]),
  );
}

/** The body on the wire: the JSON, the JSON mutated, or something else entirely. */
export function wireBody(body: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string> {
  const json = body.map((b) => JSON.stringify(b));
  return fc.oneof(
    { weight: 6, arbitrary: json },
    { weight: 2, arbitrary: mutated(json) },
    {
      weight: 1,
      arbitrary: fc.oneof(fc.string({ maxLength: 100 }), fc.constantFrom('', 'null', '[]', '"x"', '1e999', '{"__proto__":{"x":1}}')),
    },
  );
}

/** Documents for the blog example (public API-key reads, relations, an index query, a function query). */
const VALID_DOCUMENTS: string[] = [
  'query { listPosts { items { id title status author { name } comments { items { content } } } nextToken } }',
  'query ($id: ID!) { getPost(id: $id) { id title tags { items { tag { name } } } } }',
  'query ($filter: ModelPostFilterInput, $limit: Int, $nextToken: String) { listPosts(filter: $filter, limit: $limit, nextToken: $nextToken) { items { id } } }',
  'query ($status: PostStatus!, $limit: Int) { listPostsByStatus(status: $status, limit: $limit, sortDirection: DESC) { items { id publishedAt } } }',
  'query { listAuthors { items { name posts { items { title } } } } }',
  'query ($name: String!) { getTag(name: $name) { name posts { items { postId } } } }',
  'query ($postId: ID!) { wordCount(postId: $postId) { postId words } }',
  'mutation ($input: CreatePostInput!) { createPost(input: $input) { id title } }',
  'mutation ($input: UpdatePostInput!, $condition: ModelPostConditionInput) { updatePost(input: $input, condition: $condition) { id } }',
  'mutation ($input: DeleteCommentInput!) { deleteComment(input: $input) { id } }',
  'query { __schema { types { name fields { name type { name kind ofType { name kind } } } } } }',
  'query Q { ...F } fragment F on Query { listTags { items { name } } }',
  'subscription { onCreatePost { id title } }',
];

/** A GraphQL document: a valid one, mutated, nested deep, or random text. */
export const graphqlDocument: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...VALID_DOCUMENTS) },
  { weight: 4, arbitrary: mutated(fc.constantFrom(...VALID_DOCUMENTS)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((n) => `{${' a {'.repeat(n)} id ${'}'.repeat(n)}}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((n) => `query { ${'listUserProfiles { items { id } } '.repeat(n)}}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);

/** Variables: plausible shapes with wrong types mixed in. */
export const graphqlVariables: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        id: value,
        limit: fc.oneof(fc.integer({ min: -5, max: 2_000_000 }), value),
        nextToken: value,
        filter: fc.oneof(
          fc.constant({ title: { beginsWith: 'a' } }),
          fc.constant({ and: [{ id: { ne: null } }, { not: { status: { eq: 'DRAFT' } } }] }),
          fc.jsonValue({ maxDepth: 4 }),
        ),
        input: fc.oneof(
          fc.record({ id: value, title: value, status: fc.oneof(fc.constantFrom('DRAFT', 'PUBLISHED'), value) }, { requiredKeys: [] }),
          value,
        ),
        status: fc.oneof(fc.constantFrom('DRAFT', 'PUBLISHED'), value),
        name: value,
        postId: value,
        condition: fc.jsonValue({ maxDepth: 3 }),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: value },
);

/** `{query, variables, operationName}`: mostly well-formed, so most requests reach GraphQL itself. */
export const graphqlBody: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    query: fc.oneof({ weight: 8, arbitrary: graphqlDocument }, { weight: 1, arbitrary: value }),
    variables: fc.oneof({ weight: 8, arbitrary: graphqlVariables }, { weight: 1, arbitrary: value }),
    operationName: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('Q', 'Other', null) }, { weight: 1, arbitrary: value }),
  },
  { requiredKeys: ['query'] },
);

const SUBSCRIPTIONS = [
  'subscription { onCreatePost { id title } }',
  'subscription ($filter: ModelSubscriptionPostFilterInput) { onUpdatePost(filter: $filter) { id status } }',
  'subscription { onDeleteComment { id postId } }',
  'subscription { onCreateTag { name } }',
];

/** A subscription start body: as the client sends it, or mutated, or with random variables. */
const subscriptionBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SUBSCRIPTIONS).map((query) => JSON.stringify({ query, variables: {} })) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        query: fc.oneof(fc.constantFrom(...SUBSCRIPTIONS), mutated(fc.constantFrom(...SUBSCRIPTIONS))),
        variables: graphqlVariables,
      })
      .map((b) => JSON.stringify(b)),
  },
);

const startData: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: subscriptionBody },
  { weight: 1, arbitrary: graphqlBody.map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: mutated(graphqlBody.map((b) => JSON.stringify(b))) },
  { weight: 1, arbitrary: value },
);

const startExtensions = (auth: Record<string, string>) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant({ authorization: auth }) },
    { weight: 1, arbitrary: fc.record({ authorization: fc.oneof(fc.dictionary(fc.string({ maxLength: 12 }), value), value) }) },
  );

/** One realtime frame: protocol messages right and wrong, mutated text, or raw bytes. */
export function realtimeFrame(auth: Record<string, string>): fc.Arbitrary<string | Buffer> {
  const id = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('s1', 's2') }, { weight: 1, arbitrary: value });
  const start = fc.record({
    id,
    type: fc.constant('start'),
    payload: fc.oneof(
      { weight: 6, arbitrary: fc.record({ data: startData, extensions: startExtensions(auth) }) },
      { weight: 1, arbitrary: value },
    ),
  });
  const message = fc.oneof(
    { weight: 1, arbitrary: fc.constant<unknown>({ type: 'connection_init' }) },
    {
      weight: 1,
      arbitrary: fc.record(
        { type: fc.constantFrom('connection_init', 'stop', 'ka', 'connection_terminate', 'nope'), id, payload: value },
        { requiredKeys: ['type'] },
      ),
    },
    { weight: 4, arbitrary: start },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
  return fc.oneof(
    { weight: 6, arbitrary: message.map((m) => JSON.stringify(m)) },
    { weight: 2, arbitrary: mutated(message.map((m) => JSON.stringify(m))) },
    { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)) },
  );
}
