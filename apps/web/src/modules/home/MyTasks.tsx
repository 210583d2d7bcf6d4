import { Card, Empty, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useObjectMeta } from '../../api/meta';
import { useRecordList } from '../../api/records';
import { FieldDisplay } from '../../engine/fields';

/** The signed-in user's open tasks, soonest due first. */
export function MyTasks() {
  const { t } = useTranslation();
  const meta = useObjectMeta('tasks');
  const list = useRecordList(
    'tasks',
    { filter: { and: [{ field: 'owner_id', op: 'eq', value: 'me' }, { field: 'status', op: 'in', value: ['open', 'in_progress'] }] }, sort: 'due_at', limit: 10, count: true },
    { enabled: !!meta },
  );
  if (!meta) return null;
  const due = meta.fields.find((f) => f.name === 'due_at');
  const priority = meta.fields.find((f) => f.name === 'priority');
  return (
    <Card size="small" title={t('home.myTasks')} extra={<Link to="/o/tasks">{t('home.all', { count: list.data?.total ?? 0 })}</Link>} data-testid="my-tasks">
      {list.data?.data.length ? (
        <List
          size="small"
          dataSource={list.data.data}
          renderItem={(task) => (
            <List.Item>
              <div style={{ display: 'flex', gap: 8, width: '100%', minWidth: 0, alignItems: 'center' }}>
                <Link to={`/o/tasks/${task.id}`} className="crm-ellipsis" style={{ flex: 1 }}>{String(task.title ?? '')}</Link>
                {priority && task.priority === 'high' && <FieldDisplay field={priority} value={task.priority} compact />}
                {due && <Typography.Text type="secondary" style={{ fontSize: 12 }}><FieldDisplay field={due} value={task.due_at} compact /></Typography.Text>}
              </div>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noTasks')} />
      )}
    </Card>
  );
}
