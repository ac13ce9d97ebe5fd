import type { FilterInput, Row } from '../../db/ports.js';

/** The model operations authorization distinguishes (AuthRuleIR.operations names). `listen`: subscriptions. */
export type DataOperation = 'get' | 'list' | 'create' | 'update' | 'delete' | 'listen';

/**
 * A per-record condition from an owner or dynamic-group rule: the record's `field` (a string, or
 * a list when `isArray`) must hold one of `values`. `fill` is what create writes when the field is absent.
 */
export interface RecordCheck {
  field: string;
  values: string[];
  isArray: boolean;
  fill?: string;
}

/**
 * `all`: a rule grants the operation outright (public/private/static group/custom/IAM admin);
 * `records`: only records passing one of `checks`; `none`: refused.
 * `checks` is filled in every case so create can stamp owner fields even when another rule grants.
 */
export interface AuthDecision {
  grant: 'all' | 'records' | 'none';
  checks: RecordCheck[];
}

/**
 * A read (get, list, index query, hasMany, subscription) as the storage layer needs it:
 * `filter` means "only records matching `authFilter`" (AND it into the query, never OR).
 */
export type ReadAuthorization = { kind: 'allow' } | { kind: 'deny' } | { kind: 'filter'; authFilter: FilterInput; checks: RecordCheck[] };

/**
 * A create/update/delete: `deny` is AppSync's `Not Authorized to access <op> on type Mutation`;
 * `deniedFields` its `Unauthorized on [a, b]` (a field-level rule refuses input fields);
 * `notFound`: the record to check does not exist. `allow.input` is the input to write (create:
 * owner fields stamped); `authFilter`, when set, must hold on the stored record at write time.
 */
export type WriteAuthorization =
  | { kind: 'deny' }
  | { kind: 'deniedFields'; fields: string[] }
  | { kind: 'notFound' }
  | { kind: 'allow'; input: Row; authFilter?: FilterInput };
