import { z } from 'zod';

/** Every field type the record engine understands. The web app renders one input per type. */
export const FIELD_TYPES = [
  'text',
  'long_text',
  'integer',
  'decimal',
  'currency',
  'percent',
  'date',
  'datetime',
  'boolean',
  'select',
  'multi_select',
  'email',
  'phone',
  'url',
  'user',
  'relation',
  'tags',
  'region',
] as const;
export const fieldTypeSchema = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof fieldTypeSchema>;

export const labelSchema = z.object({
  zh: z.string().min(1).max(100),
  en: z.string().min(1).max(100),
});
export type Label = z.infer<typeof labelSchema>;

export const selectOptionSchema = z.object({
  value: z.string().min(1).max(100),
  label: labelSchema,
  color: z.string().max(20).optional(),
});
export type SelectOption = z.infer<typeof selectOptionSchema>;

/** Field names are SQL column names too, so they are restricted to snake_case. */
export const fieldNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,50}$/, 'must be snake_case: lower-case letters, digits and _');

export const fieldDefinitionSchema = z.object({
  name: fieldNameSchema,
  label: labelSchema,
  type: fieldTypeSchema,
  required: z.boolean().default(false),
  unique: z.boolean().default(false),
  defaultValue: z.unknown().optional(),
  maxLength: z.number().int().positive().max(100_000).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  options: z.array(selectOptionSchema).optional(),
  /** For relation fields: the object pointed at and the name of the reverse list on it. */
  relation: z
    .object({ object: z.string(), reverseName: z.string(), reverseLabel: labelSchema })
    .optional(),
  searchable: z.boolean().default(false),
  /** Gets a database index so filters and sorts on it stay fast on large tables. */
  indexed: z.boolean().default(false),
  /** System fields (id, created_at …) are maintained by the engine and never written by clients. */
  system: z.boolean().default(false),
  custom: z.boolean().default(false),
  /** A removed custom field keeps its column and data until an admin purges it. */
  archived: z.boolean().default(false),
  position: z.number().int().default(0),
  /**
   * Fields this one is computed from (or that follow from it): a name on the same object or
   * 'object.field'. Hidden whenever any of them is hidden for the user, so a hidden total cannot be
   * rebuilt from visible line amounts.
   */
  derivedFrom: z.array(z.string()).optional(),
  /** A system date an administrator may set to a past instant (history back-filled by API or import), audited as such. */
  historical: z.boolean().optional(),
});
export type FieldDefinition = z.infer<typeof fieldDefinitionSchema>;

/** What an admin sends to add a custom field. */
export const customFieldInputSchema = fieldDefinitionSchema
  .pick({
    label: true,
    type: true,
    required: true,
    unique: true,
    defaultValue: true,
    maxLength: true,
    min: true,
    max: true,
    options: true,
    relation: true,
    searchable: true,
    indexed: true,
  })
  .extend({ name: fieldNameSchema.optional() });
export type CustomFieldInput = z.infer<typeof customFieldInputSchema>;

/** What an admin may change on an existing field (no defaults: absent means unchanged). */
export const customFieldPatchSchema = z
  .object({
    label: labelSchema,
    required: z.boolean(),
    unique: z.boolean(),
    defaultValue: z.unknown(),
    maxLength: z.number().int().positive().max(100_000),
    min: z.number(),
    max: z.number(),
    options: z.array(selectOptionSchema),
    searchable: z.boolean(),
    indexed: z.boolean(),
    position: z.number().int(),
    archived: z.boolean(),
  })
  .partial()
  .strict();
export type CustomFieldPatch = z.infer<typeof customFieldPatchSchema>;

export const currencyValueSchema = z.object({
  amount: z.number().finite(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY')
    .default('CNY'),
});
export type CurrencyValue = z.infer<typeof currencyValueSchema>;

export const regionValueSchema = z.object({
  province: z.string().min(1).max(50),
  city: z.string().max(50).optional(),
  district: z.string().max(50).optional(),
  /** GB/T 2260 code of the deepest level recognised; set by the server, absent when the text named no known place. */
  code: z.string().regex(/^\d{2,12}$/).optional(),
});
export type RegionValue = z.infer<typeof regionValueSchema>;
