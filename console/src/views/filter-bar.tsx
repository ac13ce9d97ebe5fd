/**
 * Filters built from the model's fields: each condition is field · operator · value, with the
 * operators AppSync's Model*FilterInput offers for that field's type; they combine with `and`
 * into the ModelFilterInput JSON the records endpoint takes (and the URL keeps).
 */
import { type FormEvent, useState } from 'react';
import type { FieldInfo, ModelInfo } from '../types.js';
import { isOrdered, parseInput } from './data-model.js';

export interface Condition {
  field: string;
  op: string;
  value: string;
}

const STRING_OPS = ['eq', 'ne', 'beginsWith', 'contains', 'notContains', 'gt', 'lt', 'attributeExists'];
const ORDERED_OPS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'attributeExists'];
const EQ_OPS = ['eq', 'ne', 'attributeExists'];

export function operatorsFor(f: FieldInfo): string[] {
  if (f.enumValues || f.type === 'Boolean') return EQ_OPS;
  if (f.type === 'String' || f.type === 'ID' || f.type.startsWith('AWSEmail') || f.type === 'AWSURL' || f.type === 'AWSPhone')
    return STRING_OPS;
  return isOrdered(f) ? ORDERED_OPS : EQ_OPS;
}

/** Conditions → ModelFilterInput; undefined when there are none. */
export function toFilter(model: ModelInfo, conditions: Condition[]): Record<string, unknown> | undefined {
  const parts = conditions.flatMap((c) => {
    const f = model.fields.find((x) => x.name === c.field);
    if (!f) return [];
    const value = c.op === 'attributeExists' ? c.value !== 'false' : parseInput({ ...f, isList: false, required: true }, c.value);
    return [{ [c.field]: { [c.op]: value } }];
  });
  if (!parts.length) return undefined;
  return parts.length === 1 ? parts[0] : { and: parts };
}

/** ModelFilterInput (of the simple shapes this bar makes, or a link makes) → conditions. */
export function fromFilter(filter: unknown): Condition[] {
  if (!filter || typeof filter !== 'object') return [];
  const f = filter as Record<string, unknown>;
  const parts = Array.isArray(f.and) ? (f.and as Record<string, unknown>[]) : [f];
  return parts.flatMap((p) =>
    Object.entries(p).flatMap(([field, ops]) =>
      Object.entries((ops ?? {}) as Record<string, unknown>).map(([op, value]) => ({ field, op, value: String(value) })),
    ),
  );
}

interface Props {
  model: ModelInfo;
  conditions: Condition[];
  onApply: (c: Condition[]) => void;
}

export function FilterBar({ model, conditions, onApply }: Props) {
  const [rows, setRows] = useState<Condition[]>(conditions);
  const fields = model.fields.filter((f) => !f.relation && !f.isList);
  const set = (i: number, patch: Partial<Condition>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  function add() {
    const f = fields[0];
    if (f) setRows([...rows, { field: f.name, op: 'eq', value: '' }]);
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    onApply(rows);
  }
  return (
    <form className="filters" onSubmit={submit} aria-label="Filters">
      {rows.map((r, i) => {
        const f = fields.find((x) => x.name === r.field) ?? fields[0]!;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity but their place
          <div className="condition" key={i}>
            <select aria-label="Filter field" value={r.field} onChange={(e) => set(i, { field: e.target.value, op: 'eq', value: '' })}>
              {fields.map((x) => (
                <option key={x.name}>{x.name}</option>
              ))}
            </select>
            <select aria-label="Filter operator" value={r.op} onChange={(e) => set(i, { op: e.target.value })}>
              {operatorsFor(f).map((op) => (
                <option key={op}>{op}</option>
              ))}
            </select>
            <ValueInput field={f} op={r.op} value={r.value} onChange={(value) => set(i, { value })} />
            <button type="button" className="link" aria-label="Remove condition" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              ✕
            </button>
          </div>
        );
      })}
      <div className="buttons">
        <button type="button" className="secondary" onClick={add}>
          + Filter
        </button>
        <button type="submit">Apply</button>
      </div>
    </form>
  );
}

function ValueInput({ field, op, value, onChange }: { field: FieldInfo; op: string; value: string; onChange: (v: string) => void }) {
  const choices = op === 'attributeExists' || field.type === 'Boolean' ? ['true', 'false'] : field.enumValues;
  if (choices)
    return (
      <select aria-label="Filter value" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="" />
        {choices.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </select>
    );
  return (
    <input
      aria-label="Filter value"
      value={value}
      type={field.type === 'Int' || field.type === 'Float' ? 'number' : 'text'}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
