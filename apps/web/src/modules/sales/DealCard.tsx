import { useDraggable } from '@dnd-kit/core';
import { SwapOutlined } from '@ant-design/icons';
import { Button, Card, Dropdown, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Field } from '../../api/meta';
import type { RecordData } from '../../api/records';
import { FieldDisplay } from '../../engine/fields';

interface Props {
  deal: RecordData;
  customerField?: Field;
  amountField?: Field;
  overlay?: boolean;
  /** Where the card may go by its "move to" menu (touch screens, where dragging competes with scrolling). */
  moveTargets?: { key: string; label: string }[];
  onMove?: (stage: string) => void;
}

/** One deal on the board: name, customer, amount. Click opens it, drag moves it between stages. */
export function DealCard({ deal, customerField, amountField, overlay, moveTargets, onMove }: Props) {
  const navigate = useNavigate();
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: deal.id, disabled: overlay });
  return (
    <div ref={overlay ? undefined : setNodeRef} {...(overlay ? {} : { ...attributes, ...listeners })} style={{ opacity: isDragging ? 0.4 : 1, touchAction: 'manipulation' }}>
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
        {moveTargets && onMove && (
          // Its own taps must neither open the deal nor start a drag.
          <div onClick={(e) => e.stopPropagation()} onPointerDown={(e) => e.stopPropagation()} onTouchStart={(e) => e.stopPropagation()} style={{ marginTop: 6 }}>
            <Dropdown trigger={['click']} menu={{ items: moveTargets.map((s) => ({ key: s.key, label: s.label, 'data-testid': `move-to-${s.key}` })), onClick: ({ key }) => onMove(key) }}>
              <Button size="small" icon={<SwapOutlined />} data-testid={`deal-move-${deal.id}`}>{t('board.moveTo')}</Button>
            </Dropdown>
          </div>
        )}
      </Card>
    </div>
  );
}
