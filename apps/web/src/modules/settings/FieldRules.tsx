import type { RolePermissions } from '@crm/schema';
import { Segmented, Select, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { liveFields, type ObjectMeta } from '../../api/meta';
import { useLabel } from '../../i18n';

/** Per-field rules of a role for one object: editable (default), read-only or hidden. */
export function FieldRules({ objects, value, onChange }: { objects: ObjectMeta[]; value: RolePermissions; onChange: (p: RolePermissions) => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const [object, setObject] = useState(objects[0]?.name);
  const meta = objects.find((o) => o.name === object);
  const rules = value.fields[object ?? ''] ?? {};

  const set = (field: string, rule: 'write' | 'readonly' | 'hidden') => {
    const next = { ...rules };
    if (rule === 'write') delete next[field];
    else next[field] = rule;
    onChange({ ...value, fields: { ...value.fields, [object!]: next } });
  };

  return (
    <>
      <Select style={{ width: 200, marginBottom: 8 }} value={object} onChange={setObject} options={objects.map((o) => ({ value: o.name, label: label(o.pluralLabel) }))} />
      <Table
        size="small"
        rowKey="name"
        pagination={false}
        dataSource={meta ? liveFields(meta).filter((f) => !f.system && f.name !== meta.titleField) : []}
        columns={[
          { key: 'label', title: t('fields.label'), render: (_, f) => label(f.label), ellipsis: true },
          {
            key: 'rule',
            title: t('roles.fieldAccess'),
            width: 260,
            render: (_, f) => (
              <Segmented
                size="small"
                value={rules[f.name] ?? 'write'}
                onChange={(v) => set(f.name, v as 'write' | 'readonly' | 'hidden')}
                options={[{ value: 'write', label: t('roles.editable') }, { value: 'readonly', label: t('roles.readonly') }, { value: 'hidden', label: t('roles.hidden') }]}
              />
            ),
          },
        ]}
      />
    </>
  );
}
