import { Button, Card, Empty, List, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ObjectMeta } from '../../api/meta';
import { useLabel } from '../../i18n';
import { PageLoading } from '../../shell/PageLoading';
import { useDuplicateGroups, type DuplicateGroup } from './api';
import { MatchTags } from './MatchTags';
import { MergeDialog } from './MergeDialog';

/** Groups of likely duplicates of one object, page by page, each with a merge button. */
export function DuplicateGroups({ meta }: { meta: ObjectMeta }) {
  const { t } = useTranslation();
  const label = useLabel();
  const [fuzzy, setFuzzy] = useState(false);
  const groups = useDuplicateGroups(meta.name, fuzzy);
  const [merging, setMerging] = useState<DuplicateGroup | null>(null);
  const canMerge = meta.access.update !== 'none' && meta.access.delete !== 'none';
  const all = groups.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Switch checked={fuzzy} onChange={setFuzzy} data-testid="duplicates-fuzzy" />
        <span>{t('duplicates.finder.fuzzy')}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('duplicates.finder.fuzzyHint')}</Typography.Text>
      </Space>
      {groups.isLoading ? (
        <PageLoading />
      ) : !all.length ? (
        <Card><Empty description={t('duplicates.finder.empty', { object: label(meta.pluralLabel) })} /></Card>
      ) : (
        <List
          data-testid="duplicate-groups"
          dataSource={all}
          renderItem={(g, i) => (
            <Card
              size="small"
              style={{ marginBottom: 12 }}
              data-testid="duplicate-group"
              title={
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center', whiteSpace: 'normal' }}>
                  <MatchTags matches={[g]} />
                  <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>{g.value}</Typography.Text>
                  <Tag>{t('duplicates.finder.count', { count: g.size })}</Tag>
                </div>
              }
              extra={canMerge && (
                <Button type="primary" size="small" onClick={() => setMerging(g)} data-testid={`duplicate-merge-${i}`}>
                  {t('duplicates.finder.merge')}
                </Button>
              )}
            >
              {g.records.map((r) => (
                <div key={r.id} style={{ display: 'flex', flexWrap: 'wrap', gap: '2px 12px', padding: '4px 0', minWidth: 0 }}>
                  <Link to={`/o/${meta.name}/${r.id}`} style={{ wordBreak: 'break-word' }}>{String(r[meta.titleField] ?? r.id)}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-word' }}>
                    {meta.subtitleFields.map((f) => r[f]).filter((v) => typeof v === 'string' && v).join(' · ')}
                  </Typography.Text>
                </div>
              ))}
            </Card>
          )}
        />
      )}
      {groups.hasNextPage && (
        <Button block onClick={() => void groups.fetchNextPage()} loading={groups.isFetchingNextPage} data-testid="duplicates-more">
          {t('duplicates.finder.more')}
        </Button>
      )}
      {merging && <MergeDialog meta={meta} ids={merging.records.map((r) => r.id)} open onClose={() => setMerging(null)} />}
    </div>
  );
}
