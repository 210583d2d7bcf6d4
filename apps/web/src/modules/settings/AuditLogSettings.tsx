import { Button, Card, DatePicker, Empty, Grid, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuditLog, type AuditAction, type AuditEntry, type AuditFilter } from '../../api/auditLog';
import { useObjects, type ObjectMeta } from '../../api/meta';
import { useRecordTitle } from '../../api/titles';
import { useUsers } from '../../api/users';
import { ChangeLines } from '../../engine/detail/ChangeLines';
import { formatDateTime } from '../../engine/fields/format';
import { useLabel } from '../../i18n';
import { ExportSummary } from '../data-export/ExportSummary';
import { ImportSummary } from '../data-import/ImportSummary';
import { SettingsChanges } from './SettingsChanges';
import { settingsDetails, settingsSubject } from './settingsChangeText';

const ACTIONS: AuditAction[] = ['create', 'update', 'delete', 'restore', 'merge', 'unmerge', 'export', 'import', 'settings'];
const ACTION_COLOR: Record<AuditAction, string> = { create: 'green', update: 'blue', delete: 'red', restore: 'gold', merge: 'purple', unmerge: 'cyan', export: 'geekblue', import: 'green', settings: 'magenta' };
/** Entries about no single record: an export, an import batch, a change of settings. */
const NO_RECORD = new Set<AuditAction>(['export', 'import', 'settings']);

/** What an entry changed, by its kind. */
function EntryChanges({ entry, meta }: { entry: AuditEntry; meta: ObjectMeta | undefined }) {
  if (entry.action === 'export') return <ExportSummary changes={entry.changes} />;
  if (entry.action === 'import') return <ImportSummary changes={entry.changes} />;
  if (entry.action === 'settings') return <SettingsChanges changes={entry.changes} />;
  return meta ? <ChangeLines meta={meta} action={entry.action} changes={entry.changes} showCreated /> : null;
}

/** The object's name; a settings entry names its settings area. */
function useObjectName() {
  const { t } = useTranslation();
  const label = useLabel();
  return (entry: AuditEntry, meta: ObjectMeta | undefined) => {
    if (entry.action === 'settings') return t(`audit.area.${settingsDetails(entry.changes)?.area}`, { defaultValue: t('audit.settingsObject') });
    return meta ? label(meta.label) : entry.object;
  };
}

/** The record's title as a link; deleted or unknown records show a short id. */
function RecordLink({ meta, entry }: { meta: ObjectMeta | undefined; entry: AuditEntry }) {
  const title = useRecordTitle(meta?.name, meta?.titleField, entry.recordId);
  const text = title.data || `#${entry.recordId.slice(0, 8)}`;
  return meta ? <Link to={`/o/${entry.object}/${entry.recordId}`} style={{ wordBreak: 'break-word' }}>{text}</Link> : <span>{text}</span>;
}

/** Phone layout: one card per entry, the changes readable without scrolling sideways. */
function AuditCards({ entries, metaOf, userName }: { entries: AuditEntry[]; metaOf: (o: string) => ObjectMeta | undefined; userName: (e: AuditEntry) => string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const objectName = useObjectName();
  if (!entries.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.empty')} />;
  return (
    <div className="crm-card-list">
      {entries.map((e) => {
        const m = metaOf(e.object);
        return (
          <Card key={e.id} size="small" data-testid={`audit-row-${e.recordId}`}>
            <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap', marginBottom: 4 }}>
              <Tag color={ACTION_COLOR[e.action]} style={{ margin: 0 }}>{t(`audit.action.${e.action}`)}</Tag>
              <span>{objectName(e, m)}</span>
              {NO_RECORD.has(e.action) ? <span>{settingsSubject(e.changes, label)}</span> : <RecordLink meta={m} entry={e} />}
            </div>
            <EntryChanges entry={e} meta={m} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(e.at)} · {userName(e)}</Typography.Text>
          </Card>
        );
      })}
    </div>
  );
}

/** Settings → 操作日志: who changed what, across all objects, with field-level before/after. */
export function AuditLogSettings() {
  const { t } = useTranslation();
  const label = useLabel();
  const objectName = useObjectName();
  const { data: objects = [] } = useObjects();
  const { data: users = [] } = useUsers();
  const [filter, setFilter] = useState<AuditFilter>({});
  const log = useAuditLog(filter);
  const entries = log.data?.pages.flatMap((p) => p.data) ?? [];
  const metaOf = (name: string) => objects.find((o) => o.name === name);
  const set = (patch: AuditFilter) => setFilter((f) => ({ ...f, ...patch }));
  const userName = (e: AuditEntry) => (e.actorId ? (users.find((u) => u.id === e.actorId)?.name ?? '…') : t('timeline.system'));
  const phone = Grid.useBreakpoint().md === false;

  return (
    <div data-testid="audit-log">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('audit.allObjects')} style={{ width: 160 }} value={filter.object} onChange={(object) => set({ object })} data-testid="audit-filter-object"
          options={objects.map((o) => ({ value: o.name, label: label(o.pluralLabel) }))} />
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('audit.allUsers')} style={{ width: 160 }} value={filter.actorId} onChange={(actorId) => set({ actorId })} data-testid="audit-filter-user"
          options={users.map((u) => ({ value: u.id, label: u.name }))} />
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('audit.allActions')} style={{ width: 140 }} value={filter.action} onChange={(action) => set({ action })} data-testid="audit-filter-action"
          options={ACTIONS.map((a) => ({ value: a, label: t(`audit.action.${a}`) }))} />
        <DatePicker.RangePicker allowEmpty={[true, true]} data-testid="audit-filter-dates"
          value={[filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null]}
          onChange={(range) => set({ from: range?.[0]?.startOf('day').toISOString(), to: range?.[1]?.endOf('day').toISOString() })} />
      </Space>
      {phone ? !log.isLoading && <AuditCards entries={entries} metaOf={metaOf} userName={userName} /> : <Table<AuditEntry>
        rowKey="id"
        size="middle"
        loading={log.isLoading}
        dataSource={entries}
        pagination={false}
        // Fixed layout: the changes take the width left, so a laptop screen reads them without scrolling sideways.
        tableLayout="fixed"
        locale={{ emptyText: t('audit.empty') }}
        onRow={(e) => ({ 'data-testid': `audit-row-${e.recordId}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'at', title: t('audit.time'), width: 105, render: (_, e) => <span>{formatDateTime(e.at)}</span> },
          { key: 'actor', title: t('audit.user'), width: 100, render: (_, e) => <span style={{ wordBreak: 'break-word' }}>{userName(e)}</span> },
          { key: 'object', title: t('audit.object'), width: 100, render: (_, e) => objectName(e, metaOf(e.object)) },
          { key: 'record', title: t('audit.record'), width: 170, render: (_, e) => (NO_RECORD.has(e.action) ? <span style={{ wordBreak: 'break-word' }}>{settingsSubject(e.changes, label) ?? '–'}</span> : <RecordLink meta={metaOf(e.object)} entry={e} />) },
          { key: 'action', title: t('audit.actionTitle'), width: 100, render: (_, e) => <Tag color={ACTION_COLOR[e.action]}>{t(`audit.action.${e.action}`)}</Tag> },
          { key: 'changes', title: t('audit.changes'), render: (_, e) => <EntryChanges entry={e} meta={metaOf(e.object)} /> },
        ]}
      />}
      {log.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage} data-testid="audit-load-more">{t('audit.loadMore')}</Button>
        </div>
      )}
      {log.error && <Typography.Text type="danger">{log.error.message}</Typography.Text>}
    </div>
  );
}
