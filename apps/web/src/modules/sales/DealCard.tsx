import { useDraggable } from '@dnd-kit/core';
import { Card, Typography } from 'antd';
import { useNavigate } from 'react-router';
import type { Field } from '../../api/meta';
import type { RecordData } from '../../api/records';
import { FieldDisplay } from '../../engine/fields';

interface Props {
  deal: RecordData;
  customerField?: Field;
  amountField?: Field;
  overlay?: boolean;
}

/** One deal on the board: name, customer, amount. Click opens it, drag moves it between stages. */
export function DealCard({ deal, customerField, amountField, overlay }: Props) {
  const navigate = useNavigate();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: deal.id, disabled: overlay });
  return (
    <div ref={overlay ? undefined : setNodeRef} {...(overlay ? {} : { ...attributes, ...listeners })} style={{ opacity: isDragging ? 0.4 : 1, touchAction: 'none' }}>
      <Card
        size="small"
        hoverable
        style={{ marginBottom: 8, cursor: 'grab', boxShadow: overlay ? '0 6px 16px rgba(0,0,0,.15)' : undefined }}
        onClick={() => navigate(`/o/deals/${deal.id}`)}
        data-testid={`deal-card-${deal.id}`}
      >
        <Typography.Text strong ellipsis={{ tooltip: String(deal.name ?? '') }} style={{ display: 'block' }}>
          {String(deal.name ?? '—')}
        </Typography.Text>
        {customerField && (
          <div className="crm-ellipsis" style={{ fontSize: 13, marginTop: 2 }}>
            <FieldDisplay field={customerField} value={deal[customerField.name]} compact />
          </div>
        )}
        {amountField && (
          <div style={{ marginTop: 4, fontWeight: 500 }}>
            <FieldDisplay field={amountField} value={deal[amountField.name]} compact />
          </div>
        )}
      </Card>
    </div>
  );
}
