import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/meta';
import { useUsers } from '../../api/users';
import { useLabel } from '../../i18n';
import { FieldDisplay } from '../fields';
import { changeRows, changeText, type Changes } from './changes';

/**
 * "状态: 潜在客户 → 成交客户" lines of one audited change, values shown as their field displays them
 * (the plain text is the line's tooltip). Used by the record timeline and the audit log.
 */
export function ChangeLines({ meta, action, changes, showCreated }: { meta: ObjectMeta; action: string | undefined; changes: Changes | null | undefined; showCreated?: boolean }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { data: users } = useUsers();
  if (action === 'create' && !showCreated) return null;
  const rows = changeRows(meta, action, changes);
  if (!rows.length) return null;
  const ctx = { t, label, userName: (id: string) => users?.find((u) => u.id === id)?.name };
  return (
    // A create lists initial values: wrapped side by side so the row stays short.
    <div className="crm-timeline-change" data-testid="timeline-change" style={action === 'create' ? { display: 'flex', flexWrap: 'wrap', columnGap: 16 } : undefined}>
      {rows.map((row) => (
        <div key={row.field.name} title={changeText(row, action, ctx)} style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
          <Typography.Text strong>{label(row.field.label)}:</Typography.Text>
          {action !== 'create' && (
            <>
              <FieldDisplay field={row.field} value={row.from} compact />
              <span>→</span>
            </>
          )}
          <FieldDisplay field={row.field} value={row.to} compact />
        </div>
      ))}
    </div>
  );
}
