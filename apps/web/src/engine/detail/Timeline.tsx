import { ApiOutlined, DeleteOutlined, EditOutlined, ImportOutlined, MergeCellsOutlined, MessageOutlined, PlusCircleOutlined, UndoOutlined } from '@ant-design/icons';
import { Card, Empty, Tag, Timeline as AntTimeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useObjects, type ObjectMeta } from '../../api/meta';
import type { TimelineEntry } from '../../api/records';
import { useUserName } from '../../api/users';
import { useLabel } from '../../i18n';
import { FieldDisplay } from '../fields';
import { ChangeLines } from './ChangeLines';
import { formatDateTime } from '../fields/format';

const ACTION_ICON: Record<string, React.ReactNode> = {
  create: <PlusCircleOutlined />,
  update: <EditOutlined />,
  delete: <DeleteOutlined />,
  restore: <UndoOutlined />,
  merge: <MergeCellsOutlined />,
  unmerge: <UndoOutlined />,
  import: <ImportOutlined />,
};

function Actor({ id }: { id: string | null }) {
  const { t } = useTranslation();
  const name = useUserName(id);
  return <span>{id ? (name ?? '…') : t('timeline.system')}</span>;
}

/** Follow-ups and field-level change history of one record, newest first. */
export function Timeline({ meta, entries }: { meta: ObjectMeta; entries: TimelineEntry[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { data: objects = [] } = useObjects();

  const items = entries.map((e, i) => {
    const when = <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>{formatDateTime(e.at)} · <Actor id={e.actorId} /></Typography.Text>;
    if (e.kind === 'record' && e.record) {
      const source = objects.find((o) => o.name === e.object);
      const typeField = source?.fields.find((f) => f.name === 'type');
      const title = String(e.record[source?.timeline?.titleField ?? source?.titleField ?? 'subject'] ?? '');
      return {
        key: `r${i}`,
        color: 'green',
        icon: <MessageOutlined />,
        content: (
          <div data-testid="timeline-record">
            <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
              {typeField && <FieldDisplay field={typeField} value={e.record.type} compact />}
              <Link to={`/o/${e.object}/${e.record.id}`} style={{ wordBreak: 'break-word' }}>{title}</Link>
            </div>
            {typeof e.record.content === 'string' && e.record.content && (
              <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', margin: '4px 0' }}>{e.record.content}</div>
            )}
            {when}
          </div>
        ),
      };
    }
    if (e.kind === 'extension') {
      // Entries from module timeline sources (e.g. automation runs): title, detail, status, link.
      const title = e.link ? <Link to={e.link} style={{ wordBreak: 'break-word' }}>{e.title}</Link> : <span style={{ wordBreak: 'break-word' }}>{e.title}</span>;
      return {
        key: `x${i}`,
        color: e.status === 'error' ? 'red' : e.status === 'ok' ? 'green' : 'gray',
        icon: <ApiOutlined />,
        content: (
          <div data-testid="timeline-extension">
            <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
              {e.source && <Tag>{t(`timeline.${e.source}`, { defaultValue: e.source })}</Tag>}
              {title}
            </div>
            {e.detail && <Typography.Text type={e.status === 'error' ? 'danger' : 'secondary'} style={{ display: 'block', wordBreak: 'break-word' }}>{e.detail}</Typography.Text>}
            {when}
          </div>
        ),
      };
    }
    return {
      key: `c${i}`,
      color: e.action === 'delete' ? 'red' : 'blue',
      icon: ACTION_ICON[e.action ?? 'update'],
      content: (
        <div>
          <Tag>{t(`timeline.action.${e.action ?? 'update'}`, { object: label(meta.label) })}</Tag>
          {e.title && <Typography.Text style={{ display: 'block', wordBreak: 'break-word' }}>{e.title}</Typography.Text>}
          <ChangeLines meta={meta} action={e.action} changes={e.changes} />
          {when}
        </div>
      ),
    };
  });

  return (
    <Card size="small" title={t('timeline.title')} data-testid="timeline">
      {items.length ? <AntTimeline items={items} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('timeline.empty')} />}
    </Card>
  );
}
