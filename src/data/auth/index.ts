export { authorize } from './authorize.js';
export { stripOwnerValue } from './owner-identity.js';
export { checksFilter, fillOwners, rowPasses } from './record-checks.js';
export type { AuthDecision, DataOperation, RecordCheck } from './types.js';
