import { Card, Descriptions, Grid } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Field } from '../../api/meta';
import type { RecordData } from '../../api/records';
import { useLabel } from '../../i18n';
import { FieldDisplay } from '../fields';

const HIDDEN = new Set(['id', 'version', 'deleted_at']);
/** Writable fields every object has: shown with the system fields, not among the object's own. */
const SYSTEM_GROUP = new Set(['owner_id', 'external_id']);

/** Every visible field of a record, grouped: standard, custom, then system/ownership. */
export function FieldGroups({ fields, record }: { fields: Field[]; record: RecordData }) {
  const { t } = useTranslation();
  const label = useLabel();
  const phone = Grid.useBreakpoint().md === false;
  const groups = [
    { key: 'main', title: t('detail.mainFields'), fields: fields.filter((f) => !f.system && !f.custom && !SYSTEM_GROUP.has(f.name)) },
    { key: 'custom', title: t('detail.customFields'), fields: fields.filter((f) => f.custom) },
    { key: 'system', title: t('detail.systemFields'), fields: fields.filter((f) => (f.system || SYSTEM_GROUP.has(f.name)) && !HIDDEN.has(f.name)) },
  ].filter((g) => g.fields.length);

  return (
    <>
      {groups.map((g) => (
        <Card key={g.key} size="small" title={g.title} style={{ marginBottom: 16 }} data-testid={`field-group-${g.key}`}>
          <Descriptions
            size="small"
            column={phone ? 1 : 2}
            styles={{ label: { width: 120, whiteSpace: 'nowrap' }, content: { minWidth: 0, wordBreak: 'break-word' } }}
            items={g.fields.map((f) => ({
              key: f.name,
              label: label(f.label),
              span: f.type === 'long_text' && !phone ? 2 : 1,
              children: <span data-testid={`value-${f.name}`}><FieldDisplay field={f} value={record[f.name]} /></span>,
            }))}
          />
        </Card>
      ))}
    </>
  );
}
