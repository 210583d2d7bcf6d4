import type { ObjectDefinitionInput } from '@crm/schema';
import { field, options } from '../define.js';

export const KB_CATEGORIES = options(
  ['getting_started', '快速入门', 'Getting started', 'blue'],
  ['account_billing', '账户与账单', 'Account & billing', 'gold'],
  ['troubleshooting', '故障排查', 'Troubleshooting', 'red'],
);

/** A help article. Counters are kept by the help centre (votes, views), the slug by the module when left empty. */
export const kbArticles: ObjectDefinitionInput = {
  name: 'kb_articles',
  label: { zh: '知识库文章', en: 'KB article' },
  pluralLabel: { zh: '知识库', en: 'Knowledge base' },
  titleField: 'title',
  subtitleFields: ['category', 'status', 'visibility'],
  searchable: true,
  icon: 'read',
  fields: [
    field('title', '标题', 'Title', 'text', { required: true, searchable: true, maxLength: 200 }),
    field('slug', '链接名', 'Slug', 'text', { unique: true, indexed: true, maxLength: 120 }),
    field('body', '正文 (Markdown)', 'Body (Markdown)', 'long_text', { searchable: true, maxLength: 100_000 }),
    field('category', '分类', 'Category', 'select', { options: KB_CATEGORIES, indexed: true }),
    field('tags', '标签', 'Tags', 'tags', { searchable: true }),
    field('visibility', '可见范围', 'Visibility', 'select', { options: options(['internal', '仅内部', 'Internal', 'default'], ['public', '公开', 'Public', 'green']), defaultValue: 'internal', required: true, indexed: true }),
    field('status', '状态', 'Status', 'select', { options: options(['draft', '草稿', 'Draft', 'default'], ['published', '已发布', 'Published', 'green']), defaultValue: 'draft', required: true, indexed: true }),
    field('language', '语言', 'Language', 'select', { options: options(['zh', '中文', 'Chinese'], ['en', '英文', 'English']), defaultValue: 'zh', required: true }),
    field('helpful_count', '有帮助', 'Helpful', 'integer', { system: true }),
    field('not_helpful_count', '没帮助', 'Not helpful', 'integer', { system: true }),
    field('views', '浏览次数', 'Views', 'integer', { system: true }),
  ],
};
