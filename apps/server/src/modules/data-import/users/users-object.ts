import type { ObjectMetadata } from '@crm/schema';
import { field, options } from '../../define.js';

export const USERS = 'users';

/**
 * What a users file may hold, as an object's metadata so the import pipeline (mapping proposal,
 * preview, row validation with the shared record schema, rejects) works on it unchanged. Users are
 * no engine records: import-users.ts writes them like the admin user routes do.
 */
export const usersImportObject: ObjectMetadata = {
  name: USERS,
  label: { zh: '用户', en: 'User' },
  pluralLabel: { zh: '用户', en: 'Users' },
  titleField: 'name',
  subtitleFields: [],
  searchable: false,
  defaultSort: 'name',
  relatedLists: [],
  fields: [
    field('name', '姓名', 'Name', 'text', { required: true, maxLength: 100 }),
    field('email', '邮箱', 'Email', 'email', { required: true }),
    // By name; a team the company does not have yet is created.
    field('team', '团队', 'Team', 'text', { maxLength: 100 }),
    // By key or Chinese/English name; sales rep when blank.
    field('role', '角色', 'Role', 'text', { maxLength: 50 }),
    // By e-mail (a user already there or earlier in the file): leads the user's team if it has no lead yet.
    field('manager', '上级', 'Manager', 'email'),
    field('locale', '语言', 'Language', 'select', { options: options(['zh-CN', '中文', 'Chinese'], ['en', '英文', 'English']), defaultValue: 'zh-CN' }),
  ],
};
