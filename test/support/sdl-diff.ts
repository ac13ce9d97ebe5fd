/**
 * Structural diff of two AppSync SDLs (the served schema parity check, issue 3). Compares what a
 * client can observe: every object/input/enum type, its fields in order, field and argument types
 * (nullability and lists), argument order and defaults, enum values, and the AppSync directives
 * on types and fields. Type order in the document is not compared: it is invisible to clients.
 *
 * Works on the parsed AST so a Hearth schema that graphql-js cannot build still gets a full diff;
 * buildability is checked separately (with the AppSync prelude) and reported as a difference.
 */
import {
  buildSchema,
  type ConstDirectiveNode,
  type DefinitionNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  Kind,
  parse,
  print,
} from 'graphql';
import { APPSYNC_PRELUDE } from '../../src/data/schema/appsync-prelude.js';

export type SdlDiffGroup = 'schema' | 'types' | 'fields' | 'field types' | 'arguments' | 'enum values' | 'directives' | 'order';

export interface SdlDifference {
  group: SdlDiffGroup;
  /** `Post`, `Post.title`, `Query.listPosts(filter)` */
  path: string;
  message: string;
}

export interface SdlDiffOptions {
  /** report directives present on both sides but in another order (cosmetic for AppSync) */
  directiveOrder?: boolean;
}

interface Member {
  name: string;
  type: string;
  defaultValue?: string;
  args: Member[];
  directives: string[];
}

interface TypeShape {
  kind: 'type' | 'input' | 'enum' | 'interface' | 'union' | 'scalar';
  directives: string[];
  members: Member[];
}

/** Differences of `actual` from `expected` (both served SDL, without the AppSync prelude). */
export function diffSdl(expected: string, actual: string, o: SdlDiffOptions = {}): SdlDifference[] {
  const out: SdlDifference[] = [];
  for (const [side, sdl] of [
    ['expected', expected],
    ['actual', actual],
  ] as const) {
    const problem = buildProblem(sdl);
    if (problem) out.push({ group: 'schema', path: side, message: `graphql-js cannot build the ${side} schema: ${problem}` });
  }
  const want = shapes(expected);
  const got = shapes(actual);
  for (const [name, w] of want) {
    const g = got.get(name);
    if (!g) out.push({ group: 'types', path: name, message: `missing ${w.kind} ${name}` });
    else diffType(name, w, g, { out, directiveOrder: o.directiveOrder ?? true });
  }
  for (const [name, g] of got) if (!want.has(name)) out.push({ group: 'types', path: name, message: `extra ${g.kind} ${name}` });
  return out;
}

function buildProblem(sdl: string): string | undefined {
  try {
    buildSchema(`${APPSYNC_PRELUDE}\n${sdl}`);
    return undefined;
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}

function shapes(sdl: string): Map<string, TypeShape> {
  const map = new Map<string, TypeShape>();
  for (const def of parse(sdl, { noLocation: true }).definitions) {
    const s = shapeOf(def);
    if (s) map.set(s.name, s.shape);
  }
  return map;
}

function shapeOf(def: DefinitionNode): { name: string; shape: TypeShape } | undefined {
  const dirs = (d: { directives?: readonly ConstDirectiveNode[] }) => (d.directives ?? []).map((x) => print(x));
  switch (def.kind) {
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.INTERFACE_TYPE_DEFINITION:
      return {
        name: def.name.value,
        shape: {
          kind: def.kind === Kind.OBJECT_TYPE_DEFINITION ? 'type' : 'interface',
          directives: dirs(def),
          members: (def.fields ?? []).map(fieldMember),
        },
      };
    case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      return { name: def.name.value, shape: { kind: 'input', directives: dirs(def), members: (def.fields ?? []).map(inputMember) } };
    case Kind.ENUM_TYPE_DEFINITION: {
      const members = (def.values ?? []).map((v) => ({ name: v.name.value, type: '', args: [], directives: dirs(v) }));
      return { name: def.name.value, shape: { kind: 'enum', directives: dirs(def), members } };
    }
    case Kind.UNION_TYPE_DEFINITION: {
      const members = (def.types ?? []).map((t) => ({ name: t.name.value, type: '', args: [], directives: [] }));
      return { name: def.name.value, shape: { kind: 'union', directives: dirs(def), members } };
    }
    case Kind.SCALAR_TYPE_DEFINITION:
      return { name: def.name.value, shape: { kind: 'scalar', directives: dirs(def), members: [] } };
    default:
      return undefined;
  }
}

function fieldMember(f: FieldDefinitionNode): Member {
  return { name: f.name.value, type: print(f.type), args: (f.arguments ?? []).map(inputMember), directives: directivesOf(f) };
}

function inputMember(v: InputValueDefinitionNode): Member {
  return {
    name: v.name.value,
    type: print(v.type),
    defaultValue: v.defaultValue ? print(v.defaultValue) : undefined,
    args: [],
    directives: directivesOf(v),
  };
}

function directivesOf(n: { directives?: readonly ConstDirectiveNode[] }): string[] {
  return (n.directives ?? []).map((d) => print(d));
}

interface Ctx {
  out: SdlDifference[];
  directiveOrder: boolean;
}

function diffType(name: string, w: TypeShape, g: TypeShape, c: Ctx): void {
  if (w.kind !== g.kind) {
    c.out.push({ group: 'types', path: name, message: `${name} is ${g.kind}, expected ${w.kind}` });
    return;
  }
  diffDirectives(name, w.directives, g.directives, c);
  const isEnum = w.kind === 'enum' || w.kind === 'union';
  diffMembers({ path: name, want: w.members, got: g.members, group: isEnum ? 'enum values' : 'fields', c });
  if (isEnum) return;
  for (const wm of w.members) {
    const gm = g.members.find((m) => m.name === wm.name);
    if (gm) diffMember(`${name}.${wm.name}`, wm, gm, c);
  }
}

/** Missing, extra and (when both sides have the same names) reordered members. */
function diffMembers(a: { path: string; want: Member[]; got: Member[]; group: SdlDiffGroup; c: Ctx }): void {
  const { path, want, got, group, c } = a;
  const noun = group === 'arguments' ? 'argument' : group === 'enum values' ? 'value' : 'field';
  const gotNames = new Set(got.map((m) => m.name));
  const wantNames = new Set(want.map((m) => m.name));
  for (const m of want) if (!gotNames.has(m.name)) c.out.push({ group, path, message: `missing ${noun} ${describe(m, noun)}` });
  for (const m of got) if (!wantNames.has(m.name)) c.out.push({ group, path, message: `extra ${noun} ${describe(m, noun)}` });
  const wantOrder = want.filter((m) => gotNames.has(m.name)).map((m) => m.name);
  const gotOrder = got.filter((m) => wantNames.has(m.name)).map((m) => m.name);
  if (wantOrder.join() !== gotOrder.join()) {
    c.out.push({
      group: 'order',
      path,
      message: `${noun} order differs:\n      expected ${wantOrder.join(', ')}\n      actual   ${gotOrder.join(', ')}`,
    });
  }
}

function describe(m: Member, noun: string): string {
  if (noun === 'value') return m.name;
  const args = m.args.length ? `(${m.args.map((x) => `${x.name}: ${x.type}`).join(', ')})` : '';
  const dirs = m.directives.length ? ` ${m.directives.join(' ')}` : '';
  return `${m.name}${args}: ${m.type}${m.defaultValue ? ` = ${m.defaultValue}` : ''}${dirs}`;
}

function diffMember(path: string, w: Member, g: Member, c: Ctx): void {
  if (w.type !== g.type) c.out.push({ group: 'field types', path, message: `type ${g.type}, expected ${w.type}` });
  if (w.defaultValue !== g.defaultValue) {
    c.out.push({ group: 'field types', path, message: `default ${g.defaultValue ?? '(none)'}, expected ${w.defaultValue ?? '(none)'}` });
  }
  diffDirectives(path, w.directives, g.directives, c);
  diffMembers({ path, want: w.args, got: g.args, group: 'arguments', c });
  for (const wa of w.args) {
    const ga = g.args.find((x) => x.name === wa.name);
    if (!ga) continue;
    const at = `${path}(${wa.name})`;
    if (wa.type !== ga.type) c.out.push({ group: 'arguments', path: at, message: `type ${ga.type}, expected ${wa.type}` });
    if (wa.defaultValue !== ga.defaultValue) {
      c.out.push({
        group: 'arguments',
        path: at,
        message: `default ${ga.defaultValue ?? '(none)'}, expected ${wa.defaultValue ?? '(none)'}`,
      });
    }
  }
}

function diffDirectives(path: string, want: string[], got: string[], c: Ctx): void {
  const missing = want.filter((d) => !got.includes(d));
  const extra = got.filter((d) => !want.includes(d));
  if (missing.length) c.out.push({ group: 'directives', path, message: `missing ${missing.join(' ')}` });
  if (extra.length) c.out.push({ group: 'directives', path, message: `extra ${extra.join(' ')}` });
  if (c.directiveOrder && !missing.length && !extra.length && want.join(' ') !== got.join(' ')) {
    c.out.push({ group: 'order', path, message: `directive order: expected ${want.join(' ')}, actual ${got.join(' ')}` });
  }
}

const GROUP_TITLES: Record<SdlDiffGroup, string> = {
  schema: 'Schema does not build',
  types: 'Missing / extra types',
  fields: 'Missing / extra fields',
  'field types': 'Field type / default differences',
  arguments: 'Argument differences',
  'enum values': 'Enum value differences',
  directives: 'Directive differences',
  order: 'Order differences',
};

/** A readable report, grouped, for test failures and for the integrator. */
export function formatSdlDiff(diffs: SdlDifference[]): string {
  if (!diffs.length) return 'no structural differences';
  const lines = [`${diffs.length} structural difference(s) (expected = Amplify, actual = Hearth):`];
  for (const group of Object.keys(GROUP_TITLES) as SdlDiffGroup[]) {
    const inGroup = diffs.filter((d) => d.group === group);
    if (!inGroup.length) continue;
    lines.push('', `${GROUP_TITLES[group]} (${inGroup.length}):`);
    for (const d of inGroup) lines.push(`  ${d.path}: ${d.message}`);
  }
  return lines.join('\n');
}
