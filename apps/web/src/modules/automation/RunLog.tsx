import { Button, Empty, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../engine/fields/format';
import { useRetryRun, useRuns, type Run } from './api';

const COLOR: Record<string, string> = { done: 'green', failed: 'red', stopped: 'orange', pending: 'blue', not_matched: 'default', skipped: 'default', running: 'blue' };

/** The rule's runs, newest first: record, conditions, each action's outcome, errors; failed runs can be retried. */
export function RunLog({ ruleId }: { ruleId: string }) {
  const { t } = useTranslation();
  const { data = [], isLoading } = useRuns(ruleId);
  const retry = useRetryRun();
  const status = (s: string) => <Tag color={COLOR[s]}>{t(`automation.status.${s}`, { defaultValue: s })}</Tag>;

  return (
    <Table<Run>
      rowKey="id"
      size="small"
      loading={isLoading}
      dataSource={data}
      scroll={{ x: 640 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('automation.runs.empty')} /> }}
      data-testid="run-log"
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        { title: t('automation.runs.at'), dataIndex: 'started_at', width: 170, render: (v: string) => formatDateTime(v) },
        { title: t('automation.runs.status'), dataIndex: 'status', width: 110, render: (s: string) => <span data-testid="run-status">{status(s)}</span> },
        { title: t('automation.runs.record'), dataIndex: 'record_id', render: (id: string | null, r) => (id && r.object ? <Link to={`/o/${r.object}/${id}`}>{t('automation.runs.open')}</Link> : '—') },
        { title: t('automation.runs.actions'), key: 'actions', render: (_, r) => r.actions.map((a) => <div key={a.id}>{status(a.status)} {t(`automation.actionType.${a.type}`, { defaultValue: a.type })}</div>) },
        { title: t('automation.runs.duration'), dataIndex: 'duration_ms', width: 90, render: (ms: number | null) => (ms === null ? '—' : `${ms} ms`) },
        {
          key: 'retry',
          width: 90,
          render: (_, r) => r.status === 'failed' && <Button size="small" loading={retry.isPending} onClick={() => retry.mutate(r.id)} data-testid="run-retry">{t('automation.runs.retry')}</Button>,
        },
      ]}
      expandable={{
        expandedRowRender: (r) => (
          <div style={{ wordBreak: 'break-word' }} data-testid="run-detail">
            <Typography.Text type="secondary">{t('automation.runs.trigger')}: {r.event.topic} · {t('automation.runs.depth')} {r.depth}</Typography.Text>
            {r.error && <Typography.Paragraph type="danger">{r.error}</Typography.Paragraph>}
            {r.conditions?.details.map((c, i) => (
              <div key={i}>{c.matched ? '✓' : '✗'} {c.field} {t(`filter.op.${c.op}`)} {JSON.stringify(c.value ?? '')} ({t('automation.dryRun.actual')} {JSON.stringify(c.actual)})</div>
            ))}
            {r.actions.map((a) => (
              <div key={a.id}>
                {a.position + 1}. {t(`automation.actionType.${a.type}`, { defaultValue: a.type })} — {status(a.status)} {a.error ? <Typography.Text type="danger">{a.error}</Typography.Text> : <code>{JSON.stringify(a.result)}</code>} · {t('automation.runs.attempts', { n: a.attempts })}
              </div>
            ))}
          </div>
        ),
      }}
    />
  );
}
