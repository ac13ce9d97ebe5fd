import { createHash } from 'node:crypto';
import type { ModelIR, SecondaryIndexIR } from '../../ir/types.js';
import { keyColumns } from './column-kind.js';

/** Hearth's own index names start with this, so indexes a later schema drops can be found again. */
export const INDEX_PREFIX = 'hx_';
const MAX_NAME = 63;

export interface IndexSpec {
  name: string;
  columns: string[];
}

/**
 * One SQL index per secondary index: the partition key, the sort keys, then the primary key (the
 * order a key query pages in). The name is stable across reloads; names over PostgreSQL's 63
 * bytes are shortened with a hash.
 */
export function indexSpecs(model: ModelIR): IndexSpec[] {
  return model.secondaryIndexes.map((ix) => ({ name: indexName(model.tableName, ix), columns: indexColumns(model, ix) }));
}

function indexColumns(model: ModelIR, ix: SecondaryIndexIR): string[] {
  const out = [ix.partitionKey, ...ix.sortKeys];
  for (const k of keyColumns(model)) if (!out.includes(k)) out.push(k);
  return out;
}

function indexName(table: string, ix: SecondaryIndexIR): string {
  const name = `${INDEX_PREFIX}${table}_${ix.name}`;
  if (Buffer.byteLength(name) <= MAX_NAME) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 12);
  return `${INDEX_PREFIX}${table.slice(0, 20)}_${hash}`;
}
