import type { FieldIR } from '../../ir/types.js';
import { args } from './sdl-writer.js';

/**
 * A relationship field as the relational transformer prints it, in its declared place:
 * hasMany becomes a connection (`comments(filter, sortDirection, limit, nextToken): ModelCommentConnection`,
 * nullable whatever the builder says), hasOne and belongsTo the related type itself.
 */
export function printRelationField(f: FieldIR): string {
  const related = f.type.name;
  if (f.association?.connectionType === 'HAS_MANY' || (!f.association && f.isArray)) {
    const a = [`filter: Model${related}FilterInput`, 'sortDirection: ModelSortDirection', 'limit: Int', 'nextToken: String'];
    return `${f.name}${args(a)}: Model${related}Connection`;
  }
  return `${f.name}: ${related}${f.required ? '!' : ''}`;
}
