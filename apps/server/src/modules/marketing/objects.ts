import type { ObjectDefinitionInput } from '@crm/schema';
import { field, options } from '../define.js';

/** Objects a segment may select from. */
export const SEGMENT_OBJECTS = ['customers', 'contacts', 'leads'] as const;

export const segments: ObjectDefinitionInput = {
  name: 'segments',
  label: { zh: '客户分群', en: 'Segment' },
  pluralLabel: { zh: '客户分群', en: 'Segments' },
  titleField: 'name',
  subtitleFields: ['kind', 'object'],
  searchable: true,
  icon: 'cluster',
  defaultSort: 'name',
  fields: [
    field('name', '分群名称', 'Name', 'text', { required: true, searchable: true, maxLength: 200 }),
    field('description', '说明', 'Description', 'long_text'),
    field('kind', '类型', 'Kind', 'select', {
      required: true,
      defaultValue: 'dynamic',
      options: options(['dynamic', '动态（按条件）', 'Dynamic (by conditions)', 'blue'], ['static', '静态（手工名单）', 'Static (picked list)', 'green']),
    }),
    field('object', '对象', 'Object', 'select', {
      required: true,
      defaultValue: 'customers',
      options: options(['customers', '客户', 'Customers'], ['contacts', '联系人', 'Contacts'], ['leads', '线索', 'Leads']),
    }),
    // The list filter grammar as JSON, plus related-record leaves (see segments/segment-filter.ts).
    field('filter', '筛选条件 (JSON)', 'Filter (JSON)', 'long_text', { maxLength: 20000 }),
  ],
};
