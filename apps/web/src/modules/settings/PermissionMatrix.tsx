import { RECORD_ACTIONS, SCOPES, type ObjectPermission, type RolePermissions } from '@crm/schema';
import { Select, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/meta';
import { useLabel } from '../../i18n';

const NONE: ObjectPermission = { read: 'none', create: 'none', update: 'none', delete: 'none', export: 'none' };

/** The object × action grid of scope selects; the '*' row is the default for objects not listed. */
export function PermissionMatrix({ objects, value, onChange }: { objects: ObjectMeta[]; value: RolePermissions; onChange: (p: RolePermissions) => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const effective = (name: string): ObjectPermission => value.objects[name] ?? value.objects['*'] ?? NONE;
  const rows = [{ key: '*', title: t('roles.default') }, ...objects.map((o) => ({ key: o.name, title: label(o.pluralLabel) }))];

  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={rows}
      columns={[
        { key: 'object', title: t('roles.object'), dataIndex: 'title', width: 120, fixed: 'left' },
        ...RECORD_ACTIONS.map((action) => ({
          key: action,
          title: t(`roles.action.${action}`),
          width: 130,
          render: (_: unknown, row: { key: string }) => {
            const current = effective(row.key);
            const inherited = row.key !== '*' && !value.objects[row.key];
            return (
              <Select
                size="small"
                style={{ width: 116, opacity: inherited ? 0.6 : 1 }}
                value={current[action]}
                data-testid={`perm-${row.key}-${action}`}
                onChange={(scope) => onChange({ ...value, objects: { ...value.objects, [row.key]: { ...current, [action]: scope } } })}
                options={SCOPES.map((s) => ({ value: s, label: t(`roles.scope.${s}`) }))}
              />
            );
          },
        })),
      ]}
    />
  );
}
