import { block } from './sdl-writer.js';

/** The operator sets of Amplify's shared filter inputs (reference §4). */
const COMPARE = ['ne', 'eq', 'le', 'lt', 'ge', 'gt'];

function ops(type: string, names: string[]): string[] {
  return names.map((n) => (n === 'between' || n === 'in' || n === 'notIn' ? `${n}: [${type}]` : `${n}: ${type}`));
}

function stringLike(type: string): string[] {
  return [
    ...ops(type, [...COMPARE, 'contains', 'notContains', 'between', 'beginsWith']),
    'attributeExists: Boolean',
    'attributeType: ModelAttributeTypes',
    'size: ModelSizeInput',
  ];
}

function numeric(type: string): string[] {
  return [...ops(type, [...COMPARE, 'between']), 'attributeExists: Boolean', 'attributeType: ModelAttributeTypes'];
}

function subscriptionStringLike(type: string): string[] {
  return ops(type, [...COMPARE, 'contains', 'notContains', 'between', 'beginsWith', 'in', 'notIn']);
}

function subscriptionNumeric(type: string): string[] {
  return ops(type, [...COMPARE, 'between', 'in', 'notIn']);
}

/** Every Gen 2 schema carries these, in this order, whether or not a model uses them. */
export function printSharedInputs(): string[] {
  return [
    // a quirk of the current transformer: emitted into every schema (reference Appendix B)
    block('input AmplifyAIConversationTurnErrorInput', ['errorType: String!', 'message: String!']),
    block('input ModelStringInput', stringLike('String')),
    block('input ModelIntInput', numeric('Int')),
    block('input ModelFloatInput', numeric('Float')),
    block('input ModelBooleanInput', ['ne: Boolean', 'eq: Boolean', 'attributeExists: Boolean', 'attributeType: ModelAttributeTypes']),
    block('input ModelIDInput', stringLike('ID')),
    block('input ModelSubscriptionStringInput', subscriptionStringLike('String')),
    block('input ModelSubscriptionIntInput', subscriptionNumeric('Int')),
    block('input ModelSubscriptionFloatInput', subscriptionNumeric('Float')),
    block('input ModelSubscriptionBooleanInput', ['ne: Boolean', 'eq: Boolean']),
    block('input ModelSubscriptionIDInput', subscriptionStringLike('ID')),
    block('enum ModelAttributeTypes', [
      'binary',
      'binarySet',
      'bool',
      'list',
      'map',
      'number',
      'numberSet',
      'string',
      'stringSet',
      '_null',
    ]),
    block('input ModelSizeInput', ops('Int', [...COMPARE, 'between'])),
    block('enum ModelSortDirection', ['ASC', 'DESC']),
  ];
}

/** `Model<Enum>Input { eq ne }` for each enum a model field uses. */
export function printEnumFilterInput(enumName: string): string {
  return block(`input Model${enumName}Input`, [`eq: ${enumName}`, `ne: ${enumName}`]);
}

/** `Model<Enum>ListInput` for enum list fields (the model transformer's makeEnumFilterInputObjects). */
export function printEnumListFilterInput(enumName: string): string {
  return block(`input Model${enumName}ListInput`, [
    `eq: [${enumName}]`,
    `ne: [${enumName}]`,
    `contains: ${enumName}`,
    `notContains: ${enumName}`,
  ]);
}

/** `Model<Scalar>KeyConditionInput` for a single sort key (String and ID also take beginsWith). */
export function printKeyConditionInput(scalar: string): string {
  return block(`input Model${scalar}KeyConditionInput`, [
    ...ops(scalar, ['eq', 'le', 'lt', 'ge', 'gt', 'between']),
    ...(scalar === 'String' || scalar === 'ID' ? [`beginsWith: ${scalar}`] : []),
  ]);
}
