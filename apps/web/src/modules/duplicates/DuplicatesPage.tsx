import { Result, Segmented, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useObjects } from '../../api/meta';
import { useLabel } from '../../i18n';
import { PageLoading } from '../../shell/PageLoading';
import { useDuplicateRules } from './api';
import { DuplicateGroups } from './DuplicateGroups';
import { MergeHistory } from './MergeHistory';

/** /duplicates/:object — the duplicate finder and the merge history of each object with rules. */
export default function DuplicatesPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const { object, tab = 'groups' } = useParams();
  const { data: objects = [], isLoading } = useObjects();
  const { data: rules = [] } = useDuplicateRules();
  const available = objects.filter((o) => o.access.read !== 'none' && rules.some((r) => r.object === o.name));
  if (isLoading) return <PageLoading />;
  if (!available.length) return <Result status="404" title={t('duplicates.none')} />;
  const meta = available.find((o) => o.name === object) ?? available[0];

  return (
    <div className="crm-page" data-testid="duplicates-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>{t('duplicates.title')}</Typography.Title>
      <Segmented
        style={{ marginBottom: 12, maxWidth: '100%', overflowX: 'auto' }}
        value={meta.name}
        onChange={(v) => navigate(`/duplicates/${v}/${tab}`)}
        options={available.map((o) => ({ value: o.name, label: <span data-testid={`duplicates-object-${o.name}`}>{label(o.pluralLabel)}</span> }))}
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/duplicates/${meta.name}/${key}`)}
        items={[
          { key: 'groups', label: <span data-testid="duplicates-tab-groups">{t('duplicates.finder.tab')}</span>, children: <DuplicateGroups key={meta.name} meta={meta} /> },
          { key: 'history', label: <span data-testid="duplicates-tab-history">{t('duplicates.history.tab')}</span>, children: <MergeHistory key={meta.name} meta={meta} /> },
        ]}
      />
    </div>
  );
}
