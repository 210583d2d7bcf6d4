/**
 * The side menu's sections. Objects come from metadata, so an object not named here (a custom
 * object) goes to the section marked `others`; a section with nothing the user may open is left out.
 */
export interface NavGroup {
  key: 'customers' | 'sales' | 'insights' | 'work' | 'catalogue' | 'admin' | 'service' | 'marketing';
  objects: string[];
  others?: true;
}

export const NAV_GROUPS: NavGroup[] = [
  { key: 'customers', objects: ['leads', 'customers', 'contacts'] },
  { key: 'sales', objects: ['deals', 'quotes', 'orders', 'payment_plans', 'payments'] },
  { key: 'insights', objects: [] },
  { key: 'work', objects: ['activities', 'tasks'], others: true },
  { key: 'service', objects: ['tickets', 'support_groups', 'kb_articles'] },
  { key: 'marketing', objects: ['segments', 'campaigns', 'marketing_templates', 'marketing_sends', 'coupons'] },
  { key: 'catalogue', objects: ['products', 'price_books'] },
  { key: 'admin', objects: [] },
];

export function groupOf(object: string): NavGroup['key'] {
  return (NAV_GROUPS.find((g) => g.objects.includes(object)) ?? NAV_GROUPS.find((g) => g.others)!).key;
}
