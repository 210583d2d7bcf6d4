import { DeleteOutlined, TeamOutlined } from '@ant-design/icons';
import { App, Button, Card, List, Space, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useObjectMeta, type Field } from '../../api/meta';
import { useRecordList } from '../../api/records';
import type { DetailExtensionProps } from '../../engine/detailExtensions';
import { FieldInput } from '../../engine/fields';
import { useLabel } from '../../i18n';
import { useMembership, useSegmentCount } from './api';

const SHOWN = 20;

/** A segment's live member count and a link to its members in the object's list; static ones also edit their list here. */
export function SegmentMembers({ meta, record }: DetailExtensionProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const object = String(record.object);
  const target = useObjectMeta(object);
  const count = useSegmentCount(record.id);
  const isStatic = record.kind === 'static';
  const editable = isStatic && meta.access.update !== 'none';
  return (
    <Card size="small" title={t('marketing.members')} style={{ marginTop: 16 }} data-testid="segment-members">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Statistic value={count.data?.total ?? '–'} suffix={target ? label(target.pluralLabel) : object} data-testid="segment-count" />
        {target && (
          <Link to={`/o/${object}?segment=${record.id}`} data-testid="segment-open-list">
            <Button icon={<TeamOutlined />} block>{t('marketing.openList')}</Button>
          </Link>
        )}
        {isStatic && target && <StaticMembers segmentId={record.id} object={object} titleField={target.titleField} editable={editable} />}
      </Space>
    </Card>
  );
}

function StaticMembers({ segmentId, object, titleField, editable }: { segmentId: string; object: string; titleField: string; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [picked, setPicked] = useState<string | null>(null);
  const members = useRecordList(object, { named: { segment: segmentId }, fields: [titleField], sort: titleField, limit: SHOWN, count: true });
  const membership = useMembership(segmentId);
  const picker = { name: 'member', type: 'relation', relation: { object }, label: { zh: '', en: '' }, readonly: false } as unknown as Field;
  const change = async (ids: string[], remove?: boolean) => {
    try {
      await membership.mutateAsync({ ids, remove });
      message.success(t(remove ? 'marketing.removed' : 'marketing.added'));
      setPicked(null);
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const rows = members.data?.data ?? [];
  return (
    <>
      {editable && (
        <div className="segment-add" style={{ display: 'flex', gap: 8 }} data-testid="segment-add">
          <div style={{ flex: 1, minWidth: 0 }}><FieldInput field={picker} value={picked} onChange={(v) => setPicked((v as string) ?? null)} /></div>
          <Button type="primary" disabled={!picked} loading={membership.isPending} onClick={() => picked && change([picked])}>{t('marketing.add')}</Button>
        </div>
      )}
      <List
        size="small"
        loading={members.isLoading}
        dataSource={rows}
        locale={{ emptyText: t('marketing.noMembers') }}
        renderItem={(r) => (
          <List.Item data-testid="segment-member"
            actions={editable ? [<Button key="rm" type="text" size="small" icon={<DeleteOutlined />} aria-label={t('marketing.remove')} onClick={() => change([r.id], true)} />] : []}>
            <Link to={`/o/${object}/${r.id}`} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{String(r[titleField] ?? '')}</Link>
          </List.Item>
        )}
      />
      {(members.data?.total ?? 0) > rows.length && <Typography.Text type="secondary">{t('marketing.more', { count: (members.data?.total ?? 0) - rows.length })}</Typography.Text>}
    </>
  );
}
