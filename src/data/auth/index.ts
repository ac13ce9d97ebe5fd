/**
 * Amplify's authorization rules for the data API. What other parts call:
 * - authorizeRead(model, caller, ir, op): allow | deny | filter{authFilter} for get/list/index/hasMany/subscriptions
 * - canReadRecord(model, caller, ir, row, op): one record (subscriptions, belongsTo, nested reads)
 * - authorizeWrite({ model, caller, ir, op, input, loadExisting }): create/update/delete incl. field rules
 * - applyFieldAuth(model, caller, ir, row) / fieldAllowed(...): field-level rules outside graphql-js
 * - installFieldAuth(schema, ir): the field resolvers that null unreadable fields in responses
 */
export { authorize, decide, readRules } from './authorize.js';
export { authorizeRead, canReadRecord } from './authorize-read.js';
export { authorizeWrite, type WriteRequest } from './authorize-write.js';
export { applyFieldAuth, fieldAllowed, hasFieldRules, lambdaDenied } from './field-auth.js';
export { isIamAdmin } from './iam-admin.js';
export { installFieldAuth } from './install-field-auth.js';
export { stripOwnerValue } from './owner-identity.js';
export { checksFilter, fillOwners, rowPasses } from './record-checks.js';
export { ruleGrant } from './rule-grant.js';
export { ruleMatchesCaller } from './rule-matches-caller.js';
export type { AuthDecision, DataOperation, ReadAuthorization, RecordCheck, WriteAuthorization } from './types.js';
