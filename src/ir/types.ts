/**
 * BackendIR: the plain, serialisable description of a backend. Everything downstream of the
 * compiler (services, protocols, codegen) reads only this, never the user's builder objects.
 */

export interface BackendIR {
  /** Absolute path of the app root (the folder holding `amplify/`). */
  projectRoot: string;
  region: string;
  auth?: AuthIR;
  data?: DataIR;
  storage?: StorageIR;
  functions: FunctionIR[];
  /** what `backend.addOutput(...)` added, in call order (merged into amplify_outputs.json) */
  addedOutputs: Record<string, unknown>[];
  /** DynamoDB stream → function mappings backend.ts made (EventSourceMapping, DynamoEventSource) */
  streams?: StreamMappingIR[];
}

// ---------------------------------------------------------------- auth

export const TRIGGER_NAMES = [
  'createAuthChallenge',
  'customMessage',
  'defineAuthChallenge',
  'postAuthentication',
  'postConfirmation',
  'preAuthentication',
  'preSignUp',
  'preTokenGeneration',
  'userMigration',
  'verifyAuthChallengeResponse',
] as const;
export type TriggerName = (typeof TRIGGER_NAMES)[number];

export interface PasswordPolicyIR {
  minLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
}

export interface AuthIR {
  /** `us-east-1_hearth`: `<region>_<name>`, as the client requires. */
  userPoolId: string;
  userPoolClientId: string;
  /** `us-east-1:<uuid>` */
  identityPoolId: string;
  loginWith: { email: boolean; phone: boolean };
  /** lower-case standard attribute names that sign-up requires, e.g. ['email'] */
  requiredAttributes: string[];
  groups: string[];
  /** trigger → function name (a key of BackendIR.functions) */
  triggers: Partial<Record<TriggerName, string>>;
  passwordPolicy: PasswordPolicyIR;
  allowUnauthenticatedIdentities: boolean;
  /** defineAuth `multifactor`; absent means OFF */
  mfa?: AuthMfaIR;
  /** defineAuth `accountRecovery`; absent means Amplify's default (EMAIL_ONLY for email login) */
  accountRecovery?: AccountRecovery;
  /** defineAuth `userAttributes` (standard and `custom:`), keyed by attribute name */
  userAttributes?: Record<string, UserAttributeIR>;
  /** group name → precedence (defineAuth `groups`: array order) */
  groupPrecedence?: Record<string, number>;
  /** verification email: templates carry Cognito's placeholders `{####}` and `{##link text##}` */
  verificationEmail?: { style: 'CODE' | 'LINK'; subject?: string; body?: string };
  /** AdminCreateUser invitation: placeholders `{username}` and `{####}` */
  userInvitation?: { subject?: string; body?: string };
  /** senders.email: the From address of every message */
  emailSender?: { fromEmail: string; fromName?: string; replyTo?: string };
  /** the pre token generation event version ('1' unless `{ handler, version: 'v2_0' }`) */
  preTokenGenerationVersion?: '1' | '2' | '3';
  /** defineAuth `access`: function name → Cognito operations it may call (e.g. AdminAddUserToGroup) */
  access?: Record<string, string[]>;
  /** USER_AUTH first factors beside the password: `loginWith.email.otpLogin`, `loginWith.webAuthn`, `passwordlessOptions` */
  passwordless?: PasswordlessIR;
  /** loginWith.externalProviders: the app client's OAuth settings and the identity providers */
  oauth?: AuthOAuthIR;
  /** referenceAuth: the pool is another Hearth backend's; this one serves no Cognito endpoints */
  reference?: AuthReferenceIR;
}

/**
 * referenceAuth: a user pool another Hearth backend on the same database publishes at its start
 * (src/auth/user-pool-directory.ts). Until the start resolves it, only the ids given are known.
 */
export interface AuthReferenceIR {
  /** the resource file, relative, for errors */
  where: string;
  /** the pool's issuer (`<its base URL>/<userPoolId>`) and Cognito endpoint, once resolved */
  issuer?: string;
  cognitoUrl?: string;
}

/** A value given in the definition, or `secret(name)`: the environment variable it is read from at use. */
export type ConfigValue = { value: string } | { secret: string };

export type OAuthProviderType = 'Google' | 'Facebook' | 'LoginWithAmazon' | 'SignInWithApple' | 'OIDC' | 'SAML';

export interface OAuthProviderIR {
  /** Cognito's provider name (`identity_provider=`): Google, Facebook, LoginWithAmazon, SignInWithApple, or the oidc/saml name */
  name: string;
  type: OAuthProviderType;
  /** secrets stay references (never values) so the IR can be printed and diffed */
  clientId?: ConfigValue;
  clientSecret?: ConfigValue;
  /** OIDC: the issuer and, when given, its endpoints instead of discovery */
  issuerUrl?: string;
  endpoints?: { authorization?: string; token?: string; userInfo?: string; jwksUri?: string };
  /** the scopes Cognito asks the provider for */
  scopes?: string[];
  /** Cognito attribute name → the provider's claim (email → email unless the app says otherwise) */
  attributeMapping: Record<string, string>;
  /** `idp_identifier` values that pick this provider */
  identifiers?: string[];
  /** SAML: the metadata, kept for a later SAML implementation */
  samlMetadata?: { type: 'URL' | 'FILE'; content: string };
  /** Sign in with Apple's key material */
  apple?: { teamId?: ConfigValue; keyId?: ConfigValue; privateKey?: ConfigValue };
}

export interface AuthOAuthIR {
  providers: OAuthProviderIR[];
  /** the app client's allowed scopes (Amplify's default: phone email openid profile aws.cognito.signin.user.admin) */
  scopes: string[];
  callbackUrls: string[];
  logoutUrls: string[];
  domainPrefix?: string;
}

export interface PasswordlessIR {
  emailOtp: boolean;
  /** `relyingPartyId` may be 'AUTO', resolved when served (resolveRelyingPartyId in compile-auth-passwordless.ts) */
  webAuthn?: { relyingPartyId: string; userVerification: 'required' | 'preferred' };
  preferredChallenge?: 'EMAIL_OTP' | 'PASSWORD' | 'WEB_AUTHN';
}

export interface AuthMfaIR {
  mode: 'OFF' | 'OPTIONAL' | 'REQUIRED';
  totp: boolean;
  email: boolean;
}

export type AccountRecovery =
  | 'EMAIL_AND_PHONE_WITHOUT_MFA'
  | 'PHONE_WITHOUT_MFA_AND_EMAIL'
  | 'EMAIL_ONLY'
  | 'PHONE_ONLY_WITHOUT_MFA'
  | 'PHONE_AND_EMAIL'
  | 'NONE';

export interface UserAttributeIR {
  /** standard attributes are strings; `custom:` ones say */
  dataType: 'String' | 'Number' | 'Boolean' | 'DateTime';
  required: boolean;
  mutable: boolean;
  custom: boolean;
  /** String: length bounds; Number: value bounds */
  min?: number;
  max?: number;
}

// ---------------------------------------------------------------- data

/** AppSync's own scalars (amplify-graphql-transformer-core validation.ts), beside GraphQL's five. */
export const APPSYNC_SCALARS = [
  'AWSDate',
  'AWSTime',
  'AWSDateTime',
  'AWSTimestamp',
  'AWSEmail',
  'AWSJSON',
  'AWSURL',
  'AWSPhone',
  'AWSIPAddress',
] as const;

export const GRAPHQL_SCALARS = ['ID', 'String', 'Int', 'Float', 'Boolean'] as const;

/** AppSync / GraphQL scalar names as they appear in the served schema. */
export type ScalarName =
  | 'ID'
  | 'String'
  | 'Int'
  | 'Float'
  | 'Boolean'
  | 'AWSDate'
  | 'AWSTime'
  | 'AWSDateTime'
  | 'AWSTimestamp'
  | 'AWSEmail'
  | 'AWSJSON'
  | 'AWSPhone'
  | 'AWSURL'
  | 'AWSIPAddress';

export type FieldTypeIR =
  | { kind: 'scalar'; name: ScalarName }
  | { kind: 'enum'; name: string }
  | { kind: 'nonModel'; name: string }
  | { kind: 'model'; name: string };

export interface FieldIR {
  name: string;
  type: FieldTypeIR;
  /** `String!` (for lists: the element is non-null) */
  required: boolean;
  isArray: boolean;
  /** for lists: the list itself may be null (`[String]` vs `[String]!`) */
  arrayNullable: boolean;
  /** kept by the server: id, createdAt, updatedAt */
  readOnly: boolean;
  /** `@default(value: "...")`, as written in the SDL */
  defaultValue?: string;
  /** relationship fields (type.kind === 'model') */
  association?: AssociationIR;
  /**
   * field-level `.authorization()` rules: when present they alone decide this field (the model's
   * rules no longer reach it), as the auth transformer's access matrix does (resetAccessForResource)
   */
  authRules?: AuthRuleIR[];
}

export type AssociationIR =
  | { connectionType: 'HAS_MANY' | 'HAS_ONE'; references: string[] }
  | { connectionType: 'BELONGS_TO'; references: string[] };

export type AuthProvider = 'apiKey' | 'identityPool' | 'userPools' | 'iam' | 'oidc' | 'function';
export type ModelOperation = 'create' | 'update' | 'delete' | 'get' | 'list' | 'sync' | 'listen' | 'search';

export interface AuthRuleIR {
  allow: 'owner' | 'groups' | 'private' | 'public' | 'custom';
  provider: AuthProvider;
  /** expanded: `read` becomes get, list, sync, listen, search */
  operations: ModelOperation[];
  ownerField?: string;
  /** default `sub::username` (Gen 2's useSubUsernameForDefaultIdentityClaim) */
  identityClaim?: string;
  groups?: string[];
  groupsField?: string;
  /** default `cognito:groups` */
  groupClaim?: string;
}

export interface SecondaryIndexIR {
  name: string;
  /** the root query field; null when the schema says `.queryField(null)` (an index without a query) */
  queryField: string | null;
  partitionKey: string;
  sortKeys: string[];
}

export interface ModelIR {
  name: string;
  pluralName: string;
  /** all fields in served order: user fields, then id/createdAt/updatedAt where implicit, owner last */
  fields: FieldIR[];
  primaryKey: { partitionKey: string; sortKeys: string[]; isCustom: boolean };
  secondaryIndexes: SecondaryIndexIR[];
  authRules: AuthRuleIR[];
  /** operations left enabled (after disableOperations) */
  operations: {
    get: boolean;
    list: boolean;
    create: boolean;
    update: boolean;
    delete: boolean;
    onCreate: boolean;
    onUpdate: boolean;
    onDelete: boolean;
  };
  /** SQL table name (stable across reloads) */
  tableName: string;
  /** a stream mapping reads this table: its writes also append stream records, in the same transaction */
  streamed?: boolean;
}

export interface EnumIR {
  name: string;
  values: string[];
}

export interface NonModelIR {
  name: string;
  fields: FieldIR[];
}

export type DataAuthMode = 'apiKey' | 'userPool' | 'iam' | 'oidc' | 'lambda';

export interface OidcAuthModeIR {
  providerName: string;
  issuer: string;
  /** a token's `aud` (or `azp`) must match this whole, as a regular expression (AppSync's clientId) */
  clientId?: string;
  /** 0: not checked */
  maxAgeFromAuthSeconds: number;
  /** 0: not checked */
  maxAgeFromIssueSeconds: number;
}

export interface DataIR {
  /** `amplifyData` unless defineData({ name }) */
  name: string;
  defaultAuthMode: DataAuthMode;
  /** every mode the API accepts (default first) */
  authModes: DataAuthMode[];
  apiKey?: { expiresInDays: number; description?: string };
  models: ModelIR[];
  enums: EnumIR[];
  nonModels: NonModelIR[];
  /** `allow.resource(fn)` grants at the schema level */
  resourceAccess: { functionName: string; actions: ('query' | 'mutate' | 'listen')[] }[];
  /** the directive-annotated SDL from schema.transform() (or the raw SDL string); model introspection comes from it */
  inputSdl: string;
  /** defineData({ authorizationModes: { lambdaAuthorizationMode } }): the function that authorizes `lambda` requests */
  lambdaAuthorizer?: { functionName: string; ttlSeconds: number };
  /** defineData({ authorizationModes: { oidcAuthorizationMode } }): the OpenID Provider whose tokens `oidc` requests carry */
  oidc?: OidcAuthModeIR;
  /** `a.query()` / `a.mutation()` with function handlers, in schema order (absent: none) */
  customOperations?: CustomOperationIR[];
}

/** A custom operation's argument or return type: `[PointInput!]!` is nonModel Point, isArray, required, !arrayNullable. */
export interface CustomTypeRefIR {
  type: FieldTypeIR;
  required: boolean;
  isArray: boolean;
  arrayNullable: boolean;
}

export interface CustomArgumentIR extends CustomTypeRefIR {
  name: string;
}

/** One step of a custom operation's handler pipeline: `a.handler.function(fn)` (`.async()`: fire and forget). */
export interface CustomHandlerIR {
  /** resolved function name (a key of BackendIR.functions) */
  functionName: string;
  async: boolean;
}

/** One step of an `a.handler.custom({ entry })` pipeline: an APPSYNC_JS resolver on the NONE data source. */
export interface JsHandlerIR {
  /** absolute path of the resolver source (request/response exports) */
  entry: string;
  dataSource: 'NONE';
}

/**
 * `a.query()` / `a.mutation()` / `a.subscription()` with `.arguments()`, `.returns()`, `.authorization()`,
 * `.handler(a.handler.function(fn) | a.handler.custom({ entry }))`.
 */
export interface CustomOperationIR {
  kind: 'query' | 'mutation' | 'subscription';
  name: string;
  arguments: CustomArgumentIR[];
  returns: CustomTypeRefIR;
  /** function handlers (empty when the operation runs JS resolvers) */
  handlers: CustomHandlerIR[];
  /** `a.handler.custom` steps, in pipeline order (absent: function handlers) */
  jsHandlers?: JsHandlerIR[];
  /** subscriptions: the mutations `.for()` names (`@aws_subscribe(mutations: [...])`) */
  subscribesTo?: string[];
  /** custom-op rules: public (apiKey/identityPool), private, groups, custom; no owner rules */
  authRules: AuthRuleIR[];
}

// ---------------------------------------------------------------- functions

export interface FunctionIR {
  /** resolved name: explicit name, else entry basename, else the resource file's folder name */
  name: string;
  /** absolute path of the handler source */
  entry: string;
  /** the handler's export when not `handler` or when the entry may be CommonJS (a CDK-built function) */
  handler?: string;
  /** absolute path of the file that called defineFunction (for errors) */
  definedIn: string;
  timeoutSeconds: number;
  memoryMB: number;
  /** plain values; secrets are resolved by the compiler from the environment */
  environment: Record<string, string>;
  /** true when a schema-level allow.resource(fn) grants it the data API */
  dataAccess: boolean;
  /** set when defineAuth `access` grants it user-pool operations: it gets AMPLIFY_AUTH_USERPOOL_ID */
  authAccess?: { userPoolId: string; operations: string[] };
  /** buckets whose defineStorage `access` names this function (`allow.resource(fn)`): env `<NAME>_BUCKET_NAME` */
  storageAccess?: { envName: string; bucketName: string }[];
  /** defineFunction `schedule`: when Hearth invokes it, as EventBridge Scheduler would */
  schedules?: FunctionScheduleIR[];
}

/** One schedule as an EventBridge cron: minutes hours day-of-month month day-of-week(1 = Sunday) year. */
export interface FunctionScheduleIR {
  /** as written: `every 5m`, `0 9 ? * MON-FRI *` */
  expression: string;
  cron: [minute: string, hour: string, dayOfMonth: string, month: string, dayOfWeek: string, year: string];
  /** IANA time zone the cron is read in (default UTC) */
  timezone: string;
}

/**
 * A Lambda event source mapping on a model table's DynamoDB stream, as backend.ts declared it
 * (https://docs.amplify.aws/react/build-a-backend/functions/examples/dynamo-db-stream/).
 */
export interface StreamMappingIR {
  /** stable across restarts: the mapping keeps its position in the stream under it */
  id: string;
  functionName: string;
  /** the model's name (ModelIR.name) and SQL table */
  model: string;
  tableName: string;
  /** the table's stream ARN, as `tables[<model>].tableStreamArn` answers */
  eventSourceArn: string;
  /** where a new mapping starts: after the last record (LATEST) or at the oldest retained one */
  startingPosition: 'LATEST' | 'TRIM_HORIZON';
  /** records per invocation at most (Lambda's default for DynamoDB: 100) */
  batchSize: number;
  /** how long to gather records before invoking with fewer than `batchSize` (ms) */
  maxBatchingWindowMs: number;
  /** retries of a failed batch before it is dropped; -1: until its records expire (Lambda's default) */
  retryAttempts: number;
  /** `reportBatchItemFailures` (FunctionResponseTypes ReportBatchItemFailures): a partial failure resumes at the first failed record */
  reportBatchItemFailures: boolean;
  enabled: boolean;
  /** `file:line` of the construct in backend.ts */
  at: string;
}

// ---------------------------------------------------------------- storage

/** What a storage rule grants on a path; defineStorage's `read` is `get` + `list`. */
export type StorageAction = 'get' | 'list' | 'write' | 'delete';

export type StoragePrincipal =
  | { kind: 'guest' }
  | { kind: 'authenticated' }
  | { kind: 'group'; group: string }
  /** `allow.entity('identity')`: the caller's identity id stands for `{entity_id}` in the path */
  | { kind: 'entity' }
  | { kind: 'resource'; functionName: string };

export interface StorageGrantIR {
  principal: StoragePrincipal;
  actions: StorageAction[];
}

export interface StoragePathIR {
  /** as written, e.g. `media/{entity_id}/*` (always ends in `/*`) */
  path: string;
  grants: StorageGrantIR[];
}

export interface StorageBucketIR {
  /** defineStorage `name`, e.g. `myProjectFiles` */
  name: string;
  /** the S3 bucket name the client signs for (DNS-compatible, stable across restarts) */
  bucketName: string;
  isDefault: boolean;
  paths: StoragePathIR[];
  /** trigger → function name (a key of BackendIR.functions) */
  triggers: { onUpload?: string; onDelete?: string };
  /** the user's resource file, relative to the project root (for errors) */
  definedIn: string;
}

export interface StorageIR {
  /** the default bucket first */
  buckets: StorageBucketIR[];
}
