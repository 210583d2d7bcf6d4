import { Card, Checkbox, Typography } from 'antd';
import { useRef } from 'react';
import { useNavigate } from 'react-router';
import type { Field, ObjectMeta } from '../../api/meta';
import type { RecordData } from '../../api/records';
import { useLabel } from '../../i18n';
import { FieldDisplay } from '../fields';
import { isBlank } from '../fields/types';

/** How long a finger rests on a card before it selects it (and starts select mode). */
const LONG_PRESS_MS = 500;

interface Selection {
  /** Select mode: a tap toggles the card instead of opening it. */
  active: boolean;
  ids: string[];
  onChange: (ids: string[]) => void;
  /** A long press on a card (in or out of select mode) selects it. */
  onLongPress: (id: string) => void;
}

/** Phone layout of a list: one card per record with its title and subtitle fields; selectable for bulk actions. */
export function RecordCards({ meta, records, extraFields, selection }: { meta: ObjectMeta; records: RecordData[]; extraFields: Field[]; selection?: Selection }) {
  const navigate = useNavigate();
  const label = useLabel();
  const press = useRef<{ timer: number; fired: boolean } | null>(null);

  const toggle = (id: string) => selection?.onChange(selection.ids.includes(id) ? selection.ids.filter((x) => x !== id) : [...selection.ids, id]);
  const startPress = (id: string) => {
    if (!selection) return;
    const state = { timer: 0, fired: false };
    state.timer = window.setTimeout(() => {
      state.fired = true;
      selection.onLongPress(id);
    }, LONG_PRESS_MS);
    press.current = state;
  };
  // A scroll or a lifted finger before the time is up is no long press.
  const cancelPress = () => {
    if (press.current) window.clearTimeout(press.current.timer);
  };
  const tap = (id: string) => {
    // The click that ends a long press must not also open or toggle the card.
    if (press.current?.fired) {
      press.current = null;
      return;
    }
    if (selection?.active) toggle(id);
    else navigate(`/o/${meta.name}/${id}`);
  };

  return (
    <div className="crm-card-list" data-testid="record-cards">
      {records.map((r) => {
        const checked = !!selection?.ids.includes(r.id);
        return (
          <Card key={r.id} size="small" hoverable onClick={() => tap(r.id)} data-testid="record-card" data-record-id={r.id}
            className={checked ? 'crm-card-selected' : undefined}
            onPointerDown={() => startPress(r.id)} onPointerUp={cancelPress} onPointerLeave={cancelPress} onPointerCancel={cancelPress}
            onContextMenu={(e) => selection && e.preventDefault()}>
            <div style={{ display: 'flex', gap: 10, alignItems: 'flex-start', minWidth: 0 }}>
              {selection?.active && <Checkbox checked={checked} style={{ marginTop: 2 }} onClick={(e) => e.stopPropagation()} onChange={() => toggle(r.id)} data-testid="record-card-check" />}
              <div style={{ flex: 1, minWidth: 0 }}>
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
              </div>
            </div>
          </Card>
        );
      })}
    </div>
  );
}
