import type { ObjectPermission, RolePermissions } from '@crm/schema';

const ALL: ObjectPermission = { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all' };
const TEAM: ObjectPermission = { read: 'team', create: 'team', update: 'team', delete: 'team', export: 'team' };
const OWN: ObjectPermission = { read: 'own', create: 'own', update: 'own', delete: 'own', export: 'none' };
const READ_ALL: ObjectPermission = { read: 'all', create: 'none', update: 'none', delete: 'none', export: 'none' };
const NONE: ObjectPermission = { read: 'none', create: 'none', update: 'none', delete: 'none', export: 'none' };
/** The product catalogue is shared: everyone selling quotes from it, administrators keep it. */
const CATALOGUE = { products: READ_ALL, price_books: READ_ALL, price_book_entries: READ_ALL };

export interface BuiltinRole {
  key: string;
  zh: string;
  en: string;
  permissions: RolePermissions;
}

/** The roles every install starts with. Admins may edit them or add more. */
export const BUILTIN_ROLES: BuiltinRole[] = [
  { key: 'admin', zh: '系统管理员', en: 'Administrator', permissions: { admin: true, objects: { '*': ALL }, fields: {} } },
  { key: 'sales_manager', zh: '销售经理', en: 'Sales manager', permissions: { admin: false, objects: { '*': TEAM, ...CATALOGUE }, fields: {} } },
  {
    key: 'sales_rep',
    zh: '销售代表',
    en: 'Sales rep',
    permissions: { admin: false, objects: { '*': OWN, activities: { ...OWN, read: 'team' }, ...CATALOGUE }, fields: {} },
  },
  {
    key: 'service_agent',
    zh: '客服专员',
    en: 'Service agent',
    permissions: {
      admin: false,
      // Own tickets, and those of their support groups (modules/service adds that reach to 'own').
      objects: { '*': NONE, customers: READ_ALL, contacts: READ_ALL, activities: { ...OWN, read: 'all' }, tasks: OWN, tickets: OWN, support_groups: READ_ALL, canned_replies: READ_ALL, kb_articles: { ...ALL, delete: 'own', export: 'none' }, surveys: READ_ALL },
      fields: {},
    },
  },
  {
    key: 'support_manager',
    zh: '客服主管',
    en: 'Support manager',
    permissions: {
      admin: false,
      objects: {
        '*': NONE,
        customers: READ_ALL,
        contacts: { ...READ_ALL, create: 'all', update: 'all' },
        activities: { ...OWN, read: 'all' },
        tasks: OWN,
        tickets: ALL,
        support_groups: ALL,
        canned_replies: ALL,
        sla_policies: ALL,
        kb_articles: ALL,
        surveys: ALL,
      },
      fields: {},
    },
  },
  {
    key: 'marketer',
    zh: '市场专员',
    en: 'Marketer',
    permissions: {
      admin: false,
      objects: { '*': NONE, leads: { ...ALL, delete: 'own' }, customers: READ_ALL, contacts: READ_ALL, tasks: OWN, activities: OWN, segments: { ...OWN, export: 'own' }, campaigns: OWN, campaign_costs: OWN, campaign_members: OWN, marketing_templates: OWN, marketing_sends: OWN, coupons: { ...OWN, read: 'all', delete: 'none' }, scoring_rules: READ_ALL, tracking_sites: READ_ALL },
      fields: {},
    },
  },
  {
    key: 'marketing_manager',
    zh: '市场经理',
    en: 'Marketing manager',
    permissions: {
      admin: false,
      objects: { '*': NONE, leads: ALL, customers: READ_ALL, contacts: READ_ALL, tasks: OWN, activities: OWN, segments: ALL, campaigns: ALL, campaign_costs: ALL, campaign_members: ALL, marketing_templates: ALL, marketing_sends: ALL, coupons: ALL, scoring_rules: ALL, tracking_sites: { ...ALL, export: 'none' } },
      fields: {},
    },
  },
  { key: 'read_only', zh: '只读用户', en: 'Read-only', permissions: { admin: false, objects: { '*': READ_ALL }, fields: {} } },
];
