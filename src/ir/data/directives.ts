import { type ConstDirectiveNode, type ConstValueNode, Kind } from 'graphql';

/** Reads a directive argument as a plain JS value (objects, lists, enums as strings). */
export function constValue(node: ConstValueNode): unknown {
  switch (node.kind) {
    case Kind.NULL:
      return null;
    case Kind.INT:
      return Number.parseInt(node.value, 10);
    case Kind.FLOAT:
      return Number.parseFloat(node.value);
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.LIST:
      return node.values.map(constValue);
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, constValue(f.value)]));
  }
}

export function findDirective(directives: readonly ConstDirectiveNode[] | undefined, name: string) {
  return directives?.find((d) => d.name.value === name);
}

/** The arguments of a directive as a record; `{}` when it has none. */
export function directiveArgs(d: ConstDirectiveNode | undefined): Record<string, unknown> {
  if (!d) return {};
  return Object.fromEntries((d.arguments ?? []).map((a) => [a.name.value, constValue(a.value)]));
}
