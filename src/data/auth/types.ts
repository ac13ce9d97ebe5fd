/** The model operations authorization distinguishes (AuthRuleIR.operations names). */
export type DataOperation = 'get' | 'list' | 'create' | 'update' | 'delete';

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
 * `all`: a rule grants the operation outright (public/private/static group/IAM admin);
 * `records`: only records passing one of `checks`; `none`: refused.
 * `checks` is filled in every case so create can stamp owner fields even when another rule grants.
 */
export interface AuthDecision {
  grant: 'all' | 'records' | 'none';
  checks: RecordCheck[];
}
