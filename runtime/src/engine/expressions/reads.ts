/**
 * What an expression reads of the row it is evaluated on, found from its syntax alone
 * (which rows an index must keep apart; whether a formula can be computed elsewhere).
 */
import { parse, type Node } from './ast.js';

/** What an expression reads of a row, and the functions it calls by name. */
export type Reads = { stores: string[]; calls: string[] } & ({ fields: string[] } | { reason: string });

/**
 * What a filter expression reads of a row: the stores its vlSelectionTest calls test and
 * the fields it names as `datum.x` (and the functions it calls). Any other use of the row (datum passed to another
 * function, a computed field name, the group or the event) makes the rows it depends on
 * unknown, so no index could be exact.
 */
export function readsOf(expr: string): Reads | undefined {
  let ast: Node;
  try {
    ast = parse(expr);
  } catch {
    return undefined;
  }
  const stores: string[] = [];
  const fields = new Set<string>();
  const calls = new Set<string>();
  let reason: string | undefined;
  const walk = (n: Node): void => {
    switch (n.type) {
      case 'Identifier':
        if (n.name === 'datum') reason ??= 'the filter passes the whole row to a function other than vlSelectionTest';
        else if (n.name === 'parent' || n.name === 'event' || n.name === 'item') reason ??= `the filter reads "${n.name}"`;
        return;
      case 'MemberExpression':
        if (n.object.type === 'Identifier' && n.object.name === 'datum') {
          if (!n.computed && n.property.type === 'Identifier') fields.add(n.property.name);
          else if (n.computed && n.property.type === 'Literal' && typeof n.property.value === 'string') fields.add(n.property.value);
          else reason ??= 'the filter reads a row field whose name is computed';
          return;
        }
        walk(n.object);
        if (n.computed) walk(n.property);
        return;
      case 'CallExpression': {
        const name = n.callee.type === 'Identifier' ? n.callee.name : '';
        calls.add(name);
        if (name === 'vlSelectionTest') {
          const [store, datum, ...more] = n.arguments;
          if (store?.type !== 'Literal' || typeof store.value !== 'string' || datum?.type !== 'Identifier' || datum.name !== 'datum') {
            reason ??= 'vlSelectionTest is not called with a literal store name and the row';
          } else stores.push(store.value);
          more.forEach(walk);
          return;
        }
        n.arguments.forEach(walk);
        return;
      }
      case 'ArrayExpression': n.elements.forEach(walk); return;
      case 'ObjectExpression': n.properties.forEach((p) => walk(p.value)); return;
      case 'UnaryExpression': walk(n.argument); return;
      case 'BinaryExpression': case 'LogicalExpression': walk(n.left); walk(n.right); return;
      case 'ConditionalExpression': walk(n.test); walk(n.consequent); walk(n.alternate); return;
      default: return;
    }
  };
  walk(ast);
  if (reason) return { stores, calls: [...calls], reason };
  return { stores, calls: [...calls], fields: [...fields] };
}
