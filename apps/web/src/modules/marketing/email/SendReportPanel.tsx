import { PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DetailExtensionProps } from '../../../engine/detailExtensions';
import { FIGURES, useRecipients, useSendAction, useSendReport, type Figure, type Recipient } from './api';

const PAGE = 20;
const at = (value: string | null) => (value ? new Date(value).toLocaleString() : '');

/**
 * A send's report beside its fields: start / cancel, each figure (delivered, skipped by reason,
 * opened, clicked, unsubscribed, bounced…) opening the recipients under it.
 */
export function SendReportPanel({ meta, record }: DetailExtensionProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const report = useSendReport(record.id);
  const action = useSendAction(record.id);
  const [figure, setFigure] = useState<Figure>('all');
  const [page, setPage] = useState(1);
  const recipients = useRecipients(record.id, figure, page, PAGE);
  const status = report.data?.send.status ?? String(record.status ?? 'draft');
  const mayChange = meta.access.update !== 'none';
  const run = async (kind: 'start' | 'cancel') => {
    try {
      await action.mutateAsync(kind);
      message.success(t(kind === 'start' ? 'marketingEmail.started' : 'marketingEmail.cancelled'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const columns: TableColumnsType<Recipient> = [
    {
      key: 'name',
      title: t('marketingEmail.recipient'),
      render: (_, r) =>
        r.contactId || r.leadId ? (
          <span>
            <Link to={r.contactId ? `/o/contacts/${r.contactId}` : `/o/leads/${r.leadId}`}>{r.name}</Link>
            {r.leadId && <Tag style={{ marginInlineStart: 6 }}>{t('marketingEmail.lead')}</Tag>}
          </span>
        ) : (
          <Typography.Text type="secondary">{t('marketingEmail.hiddenContact')}</Typography.Text>
        ),
    },
    { key: 'locale', title: t('marketingEmail.language'), width: 80, render: (_, r) => (r.locale ? t(`marketingEmail.languages.${r.locale}`) : null) },
    { key: 'email', title: t('marketingEmail.email'), dataIndex: 'email', ellipsis: true },
    {
      key: 'state',
      title: t('marketingEmail.state'),
      render: (_, r) => (
        <span data-testid="recipient-state">
          <Tag>{t(`marketingEmail.states.${r.state}`, { defaultValue: r.state })}</Tag>
          {r.skipReason && <Typography.Text type="secondary">{t(`marketingEmail.reasons.${r.skipReason}`, { defaultValue: r.skipReason })}</Typography.Text>}
        </span>
      ),
    },
    { key: 'sent', title: t('marketingEmail.sentAt'), render: (_, r) => at(r.sentAt) },
    { key: 'opens', title: t('marketingEmail.figures.opened'), align: 'right', dataIndex: 'opens' },
    { key: 'clicks', title: t('marketingEmail.figures.clicked'), align: 'right', dataIndex: 'clicks' },
  ];
  const skipped = Object.entries(report.data?.skipped ?? {});
  return (
    <Card size="small" title={t('marketingEmail.report')} style={{ marginBottom: 16 }} data-testid="send-report"
      extra={mayChange && (
        <>
          {status === 'draft' && (
            <Popconfirm title={t('marketingEmail.startConfirm')} onConfirm={() => run('start')} okText={t('marketingEmail.start')}>
              <Button type="primary" icon={<PlayCircleOutlined />} loading={action.isPending} data-testid="send-start">{t('marketingEmail.start')}</Button>
            </Popconfirm>
          )}
          {status === 'sending' && <Button danger icon={<PauseCircleOutlined />} loading={action.isPending} onClick={() => run('cancel')} data-testid="send-cancel">{t('marketingEmail.cancel')}</Button>}
        </>
      )}>
      <div className="em-figures">
        {FIGURES.map((f) => (
          <button type="button" key={f} className={`em-figure${figure === f ? ' em-figure-on' : ''}`} onClick={() => { setFigure(f); setPage(1); }} data-testid={`figure-${f}`}>
            <span className="em-figure-value">{report.data?.figures[f] ?? '–'}</span>
            <span className="em-figure-label">{t(`marketingEmail.figures.${f}`)}</span>
          </button>
        ))}
      </div>
      {skipped.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }} data-testid="skip-reasons">
          {t('marketingEmail.skippedBy')} {skipped.map(([reason, n]) => `${t(`marketingEmail.reasons.${reason}`, { defaultValue: reason })} ${n}`).join('，')}
        </Typography.Paragraph>
      )}
      <Table rowKey="id" size="small" style={{ marginTop: 8 }} loading={recipients.isLoading} columns={columns} dataSource={recipients.data?.data ?? []} scroll={{ x: 720 }}
        locale={{ emptyText: status === 'draft' ? t('marketingEmail.notStarted') : t('marketingEmail.noRecipients') }}
        pagination={{ current: page, pageSize: PAGE, total: recipients.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }} data-testid="send-recipients" />
    </Card>
  );
}
