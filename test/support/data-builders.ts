/**
 * Builders for DataIR in tests: `model('Todo', [field('content')])` gives a model with the
 * implicit id/createdAt/updatedAt fields appended, as the IR compiler produces them.
 */
import type { AuthRuleIR, DataIR, FieldIR, FieldTypeIR, ModelIR, ScalarName } from '../../src/ir/types.js';

export function field(name: string, type: ScalarName | FieldTypeIR = 'String', over: Partial<FieldIR> = {}): FieldIR {
  const t: FieldTypeIR = typeof type === 'string' ? { kind: 'scalar', name: type } : type;
  return { name, type: t, required: false, isArray: false, arrayNullable: true, readOnly: false, ...over };
}

export function implicitFields(): FieldIR[] {
  return [
    // as the IR compiler emits it: the client may supply an id, so it is not readOnly
    field('id', 'ID', { required: true }),
    field('createdAt', 'AWSDateTime', { required: true, readOnly: true }),
    field('updatedAt', 'AWSDateTime', { required: true, readOnly: true }),
  ];
}

export const rules = {
  owner: (ownerField = 'owner', over: Partial<AuthRuleIR> = {}): AuthRuleIR => ({
    allow: 'owner',
    provider: 'userPools',
    operations: ['create', 'update', 'delete', 'get', 'list', 'sync', 'listen', 'search'],
    ownerField,
    ...over,
  }),
  publicApiKey: (): AuthRuleIR => ({ allow: 'public', provider: 'apiKey', operations: allOps() }),
  authenticated: (): AuthRuleIR => ({ allow: 'private', provider: 'userPools', operations: allOps() }),
  guest: (): AuthRuleIR => ({ allow: 'public', provider: 'identityPool', operations: allOps() }),
  groups: (groups: string[]): AuthRuleIR => ({ allow: 'groups', provider: 'userPools', operations: allOps(), groups }),
};

function allOps(): AuthRuleIR['operations'] {
  return ['create', 'update', 'delete', 'get', 'list', 'sync', 'listen', 'search'];
}

interface ModelOptions {
  authRules?: AuthRuleIR[];
  /** fields appended after the implicit ones (e.g. `owner` from allow.owner()) */
  trailing?: FieldIR[];
  primaryKey?: ModelIR['primaryKey'];
  pluralName?: string;
  tableName?: string;
  /** replaces the implicit id/createdAt/updatedAt */
  implicit?: FieldIR[];
}

export function model(name: string, fields: FieldIR[], o: ModelOptions = {}): ModelIR {
  return {
    name,
    pluralName: o.pluralName ?? `${name}s`,
    fields: [...fields, ...(o.implicit ?? implicitFields()), ...(o.trailing ?? [])],
    primaryKey: o.primaryKey ?? { partitionKey: 'id', sortKeys: [], isCustom: false },
    secondaryIndexes: [],
    authRules: o.authRules ?? [rules.publicApiKey()],
    operations: { get: true, list: true, create: true, update: true, delete: true, onCreate: true, onUpdate: true, onDelete: true },
    tableName: o.tableName ?? name,
  };
}

export function dataIR(models: ModelIR[], over: Partial<DataIR> = {}): DataIR {
  return {
    name: 'amplifyData',
    defaultAuthMode: 'userPool',
    authModes: ['userPool', 'apiKey', 'iam'],
    models,
    enums: [],
    nonModels: [],
    resourceAccess: [],
    inputSdl: '',
    ...over,
  };
}

/** The docs' UserProfile model (reference §4): allow.ownerDefinedIn('profileOwner'). */
export function userProfileModel(): ModelIR {
  return model('UserProfile', [field('email'), field('profileOwner')], { authRules: [rules.owner('profileOwner')] });
}
