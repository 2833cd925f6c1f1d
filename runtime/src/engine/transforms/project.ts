import { fieldName, resolveField } from '../pipeline.js';
import { from, ident } from '../sql.js';
import { ORDER_COLUMN, type Column, type TransformDefinition } from '../types.js';

/** Vega `project`: keeps (and renames) the listed fields; a missing field becomes null. */
export const projectTransform: TransformDefinition = {
  type: 'project',
  params: [
    { name: 'fields', type: 'fields' },
    { name: 'as', type: 'strings' },
  ],
  compile(spec, input, ctx) {
    const fields = (spec.fields as unknown[] | undefined) ?? [];
    const as = (spec.as as (string | null)[] | undefined) ?? [];
    if (fields.length === 0) return input;
    const t = ctx.alias('project');
    const schema: Column[] = [];
    const cols: string[] = [];
    fields.forEach((f, i) => {
      const name = as[i] ?? fieldName(f);
      let source: Column | undefined;
      try {
        const col = resolveField(f, input.schema);
        source = input.schema.find((c) => c.name === col);
      } catch {
        source = undefined;
      }
      cols.push(source ? `${ident(source.name)} AS ${ident(name)}` : `NULL AS ${ident(name)}`);
      schema.push({ name, type: source?.type ?? 'number' });
    });
    return { sql: `SELECT ${cols.join(', ')}, ${ident(ORDER_COLUMN)} FROM ${from(input, t)}`, schema };
  },
};
