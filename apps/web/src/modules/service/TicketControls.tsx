import { App, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSaveRecord } from '../../api/records';
import type { DetailExtensionProps } from '../../engine/detailExtensions';
import { FieldDisplay, FieldInput } from '../../engine/fields';
import { messageText } from '../../engine/fields/messageValue';
import { useLabel } from '../../i18n';
import { MergeTicketButton } from './merge/MergeTicketButton';

const EDITABLE = ['status', 'priority', 'owner_id', 'support_group_id', 'deal_id', 'order_id'];
const LINKS = ['customer_id', 'contact_id'];
const SLA_COLOURS: Record<string, string> = { ok: 'green', warning: 'orange', breached: 'red', paused: 'default' };

/** The ticket's working controls: status, priority, assignee and group change on pick; SLA dues; customer and contact. */
export function TicketControls({ meta, record }: DetailExtensionProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const save = useSaveRecord('tickets');
  const mayEdit = meta.access.update !== 'none';
  const fieldOf = (name: string) => meta.fields.find((f) => f.name === name);
  const mergedInto = record.merged_into_id ? fieldOf('merged_into_id') : undefined;
  const change = async (name: string, value: unknown) => {
    try {
      await save.mutateAsync({ id: record.id, values: { [name]: value }, version: record.version });
      message.success(t('service.saved'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <div className="service-controls" data-testid="ticket-controls">
      <div className="service-controls-row">
        <Typography.Text strong data-testid="ticket-number">{String(record.number ?? '')}</Typography.Text>
        <SlaBadges record={record} />
        {mergedInto && (
          <Typography.Text type="secondary" data-testid="ticket-merged-into">
            {t('service.merge.mergedInto')} <FieldDisplay field={mergedInto} value={record.merged_into_id} />
          </Typography.Text>
        )}
        {mayEdit && !record.merged_into_id && fieldOf('merged_into_id') && <MergeTicketButton ticketId={record.id} field={fieldOf('merged_into_id')!} />}
      </div>
      <div className="service-controls-grid">
        {EDITABLE.map((name) => {
          const field = fieldOf(name);
          if (!field) return null;
          return (
            <label key={name} className="service-control" data-testid={`ticket-control-${name}`}>
              <Typography.Text type="secondary">{label(field.label)}</Typography.Text>
              <FieldInput field={field} value={record[name]} disabled={!mayEdit || save.isPending} onChange={(v) => void change(name, v)} />
            </label>
          );
        })}
        {LINKS.map((name) => {
          const field = fieldOf(name);
          if (!field) return null;
          return (
            <div key={name} className="service-control">
              <Typography.Text type="secondary">{label(field.label)}</Typography.Text>
              <FieldDisplay field={field} value={record[name]} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** First response and resolution dues, coloured by the SLA state the server keeps; the note explains. */
function SlaBadges({ record }: { record: DetailExtensionProps['record'] }) {
  const { t } = useTranslation();
  const state = (record.sla_state as string | null) ?? null;
  if (!state && !record.first_response_due_at && !record.resolution_due_at) return <Tag data-testid="sla-none">{t('service.sla.none')}</Tag>;
  const colour = state ? SLA_COLOURS[state] : 'default';
  const due = (key: string, at: unknown, done: unknown) =>
    at ? (
      <Tag color={done ? 'default' : colour} data-testid={`sla-${key}`}>
        {t(`service.sla.${key}`)} {dayjs(at as string).format('MM-DD HH:mm')}
        {done ? ` · ${t('service.sla.met')}` : ''}
      </Tag>
    ) : null;
  return (
    <Tooltip title={record.sla_note ? messageText(String(record.sla_note), t) : undefined}>
      <span className="service-sla" data-testid="sla-badges">
        {state && <Tag color={colour} data-testid="sla-state">{t(`service.sla.state.${state}`)}</Tag>}
        {due('firstResponse', record.first_response_due_at, record.first_responded_at)}
        {due('resolution', record.resolution_due_at, record.solved_at)}
      </span>
    </Tooltip>
  );
}
