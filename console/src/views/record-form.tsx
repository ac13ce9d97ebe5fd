/**
 * Create or edit one record. Inputs follow the field's type (enum → choice, Boolean → yes/no,
 * numbers, JSON lists); the API validates as the GraphQL API does (required fields, enums, AWS
 * scalars) and a refusal names the field, which is shown beside it.
 */
import { type FormEvent, useState } from 'react';
import { api, ConsoleApiError } from '../api.js';
import { ErrorNote } from '../parts/error-note.js';
import { useAction } from '../parts/use-async.js';
import type { FieldInfo, ModelInfo } from '../types.js';
import { editableFields, type Item, inputText, parseInput, recordKey } from './data-model.js';

interface Props {
  model: ModelInfo;
  /** absent: a new record */
  item?: Item;
  onDone: (saved?: Item) => void;
}

export function RecordForm({ model, item, onDone }: Props) {
  const creating = !item;
  const fields = editableFields(model, creating);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.name, inputText(f, item?.[f.name])])),
  );
  const [fieldError, setFieldError] = useState<{ field?: string; message: string }>();
  const act = useAction();
  const base = `models/${encodeURIComponent(model.name)}/records`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFieldError(undefined);
    let body: Item;
    try {
      body = bodyOf(fields, values, item);
    } catch (err) {
      setFieldError(err as { field: string; message: string });
      return;
    }
    let saved: Item | undefined;
    const ok = await act.run(async () => {
      try {
        saved = await api<Item>(creating ? base : `${base}/${recordKey(model, item)}`, { method: creating ? 'POST' : 'PUT', body });
      } catch (err) {
        if (err instanceof ConsoleApiError && err.field) setFieldError({ field: err.field, message: err.message });
        throw err;
      }
    });
    if (ok) onDone(saved);
  }

  async function remove() {
    if (!item || !confirm('Delete this record?')) return;
    if (await act.run(() => api(`${base}/${recordKey(model, item)}`, { method: 'DELETE' }))) onDone();
  }

  return (
    <form className="record-form card" onSubmit={submit} noValidate aria-label={creating ? `New ${model.name}` : `Edit ${model.name}`}>
      <h2>{creating ? `New ${model.name}` : `Edit ${model.name}`}</h2>
      {fields.map((f) => (
        <div key={f.name} className={fieldError?.field === f.name ? 'field invalid' : 'field'}>
          <label htmlFor={`field-${f.name}`}>
            {f.name} <small>{typeLabel(f)}</small>
          </label>
          <FieldInput
            field={f}
            value={values[f.name] ?? ''}
            readOnly={!creating && model.primaryKey.includes(f.name)}
            onChange={(v) => setValues({ ...values, [f.name]: v })}
          />
          {fieldError?.field === f.name && (
            <small className="error" role="alert">
              {fieldError.message}
            </small>
          )}
        </div>
      ))}
      {/* a refusal that names a field is shown beside it, not twice */}
      <ErrorNote text={fieldError?.field ? undefined : act.error} />
      <div className="buttons">
        <button type="submit" disabled={act.busy}>
          {creating ? 'Create' : 'Save'}
        </button>
        <button type="button" className="secondary" onClick={() => onDone()}>
          Cancel
        </button>
        {!creating && (
          <button type="button" className="danger" onClick={remove} disabled={act.busy}>
            Delete
          </button>
        )}
      </div>
    </form>
  );
}

function typeLabel(f: FieldInfo): string {
  return `${f.isList ? `[${f.type}]` : f.type}${f.required ? '!' : ''}`;
}

/** The changed (or, creating, the filled) fields as API values; a list that is not JSON names its field. */
function bodyOf(fields: FieldInfo[], values: Record<string, string>, item?: Item): Item {
  const body: Item = {};
  for (const f of fields) {
    const raw = values[f.name] ?? '';
    if (item && raw === inputText(f, item[f.name])) continue;
    if (!item && raw === '') continue;
    try {
      const v = parseInput(f, raw);
      if (v !== undefined) body[f.name] = v;
    } catch {
      throw { field: f.name, message: 'Not valid JSON (a list is written like ["a", "b"]).' };
    }
  }
  return body;
}

function FieldInput({
  field: f,
  value,
  readOnly,
  onChange,
}: {
  field: FieldInfo;
  value: string;
  readOnly: boolean;
  onChange: (v: string) => void;
}) {
  const common = {
    id: `field-${f.name}`,
    name: f.name,
    value,
    readOnly,
    required: f.required && !readOnly,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
  };
  const choices = f.isList ? undefined : f.type === 'Boolean' ? ['true', 'false'] : f.enumValues;
  if (choices)
    return (
      <select {...common} disabled={readOnly}>
        <option value="" />
        {choices.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </select>
    );
  if (f.isList || f.type === 'AWSJSON') return <textarea {...common} rows={3} placeholder={f.isList ? '["…"]' : '{"…": …}'} />;
  const type = f.type === 'Int' || f.type === 'Float' ? 'number' : f.type === 'AWSEmail' ? 'email' : 'text';
  return <input {...common} type={type} step={f.type === 'Float' ? 'any' : undefined} placeholder={PLACEHOLDER[f.type]} />;
}

const PLACEHOLDER: Record<string, string> = {
  AWSDateTime: '2026-01-31T12:00:00.000Z',
  AWSDate: '2026-01-31',
  AWSTime: '12:00:00',
  AWSTimestamp: 'seconds since 1970',
  AWSURL: 'https://…',
  AWSPhone: '+15555550100',
  AWSIPAddress: '127.0.0.1',
};
