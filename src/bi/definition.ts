// A report's metadata file (reports/<id>.json), as written by whoever adds a report. Parsed with
// zod; what it refers to (the operation, fields, classes, policy) is checked by validate.ts.
import { z } from 'zod';
import { DATA_CLASSES } from '../policy/classes';
import { ROLES } from '../policy/roles';
import { TOKEN_KINDS } from '../auth/principal';

export const REPORT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Query-string names a report parameter may not take: the endpoint's own. */
export const RESERVED_PARAMS = ['cursor', 'bom'] as const;

const description = z.string().max(500).optional();

export const ParamSpecSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('date'), description, required: z.boolean().default(false) }).strict(),
  z.object({ type: z.literal('datetime'), description, required: z.boolean().default(false) }).strict(),
  z.object({ type: z.literal('int'), description, required: z.boolean().default(false), min: z.number().int().optional(), max: z.number().int().optional() }).strict(),
  z.object({ type: z.literal('string'), description, required: z.boolean().default(false), maxLength: z.number().int().min(1).max(200).default(100) }).strict(),
  z.object({ type: z.literal('enum'), description, required: z.boolean().default(false), values: z.array(z.string().min(1).max(100)).min(1) }).strict(),
]);
export type ParamSpec = z.infer<typeof ParamSpecSchema>;

export const COLUMN_TYPES = ['string', 'integer', 'number', 'boolean', 'datetime'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export const ReportFileSchema = z
  .object({
    id: z.string().regex(REPORT_ID, 'must be lower-case letters, digits and dashes (1-64)'),
    version: z.number().int().min(1),
    title: z.string().min(1).max(200),
    description,
    operation: z.string().regex(/^[_A-Za-z][_0-9A-Za-z]*$/, 'must be a GraphQL operation name'),
    access: z
      .object({
        roles: z.array(z.enum(ROLES)).min(1),
        tokenKinds: z.array(z.enum(TOKEN_KINDS)).min(1),
      })
      .strict(),
    params: z
      .record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'parameter names are lower-case snake_case'), ParamSpecSchema)
      .refine((p) => !RESERVED_PARAMS.some((r) => r in p), { message: `parameter names ${RESERVED_PARAMS.join(', ')} are reserved` })
      .default({}),
    rows: z.string().regex(/^[_A-Za-z][_0-9A-Za-z]*(\.[_A-Za-z][_0-9A-Za-z]*)*$/, 'must be a dotted response path'),
    paging: z
      .object({ connection: z.string().regex(/^[_A-Za-z][_0-9A-Za-z]*$/) })
      .strict()
      .nullable()
      .default(null),
    columns: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'column names are lower-case snake_case'),
            path: z.string().regex(/^[_A-Za-z][_0-9A-Za-z]*(\.[_A-Za-z][_0-9A-Za-z]*)*$/),
            type: z.enum(COLUMN_TYPES),
            class: z.enum(DATA_CLASSES).nullable(),
          })
          .strict(),
      )
      .min(1)
      .refine((cols) => new Set(cols.map((c) => c.name)).size === cols.length, { message: 'column names must be unique' }),
  })
  .strict();
export type ReportFile = z.infer<typeof ReportFileSchema>;
