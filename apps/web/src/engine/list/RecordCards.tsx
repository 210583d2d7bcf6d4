import { Card, Typography } from 'antd';
import { useNavigate } from 'react-router';
import type { Field, ObjectMeta } from '../../api/meta';
import type { RecordData } from '../../api/records';
import { useLabel } from '../../i18n';
import { FieldDisplay } from '../fields';
import { isBlank } from '../fields/types';

/** Phone layout of a list: one card per record with its title and subtitle fields. */
export function RecordCards({ meta, records, extraFields }: { meta: ObjectMeta; records: RecordData[]; extraFields: Field[] }) {
  const navigate = useNavigate();
  const label = useLabel();
  return (
    <div className="crm-card-list" data-testid="record-cards">
      {records.map((r) => (
        <Card key={r.id} size="small" hoverable onClick={() => navigate(`/o/${meta.name}/${r.id}`)} data-testid="record-card">
          <Typography.Text strong ellipsis={{ tooltip: String(r[meta.titleField] ?? '') }} style={{ display: 'block' }}>
            {String(r[meta.titleField] ?? '—')}
          </Typography.Text>
          {extraFields.filter((f) => !isBlank(r[f.name])).map((f) => (
            <div key={f.name} style={{ display: 'flex', gap: 8, fontSize: 13, marginTop: 4, minWidth: 0 }}>
              <Typography.Text type="secondary" style={{ flexShrink: 0 }}>
                {label(f.label)}
              </Typography.Text>
              <div className="crm-ellipsis" style={{ flex: 1 }}>
                <FieldDisplay field={f} value={r[f.name]} compact />
              </div>
            </div>
          ))}
        </Card>
      ))}
    </div>
  );
}
