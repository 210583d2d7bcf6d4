import { Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DetailExtensionProps } from '../../engine/detailExtensions';
import { useScoreCard } from './api';

/** Colour of a score: 60 and up is hot, 30 and up warm. */
export const scoreColor = (score: number) => (score >= 60 ? '#cf1322' : score >= 30 ? '#d46b08' : '#8c8c8c');

/** 线索评分 on a lead's or contact's detail: the score and each rule's part in it. */
export function ScoreCard({ meta, record }: DetailExtensionProps) {
  const { t } = useTranslation();
  const { data, isLoading } = useScoreCard(meta.name, record.id);
  if (data && !data.visible) return null;
  const score = data?.score ?? null;
  return (
    <Card title={t('scoring.cardTitle')} size="small" style={{ marginBottom: 16 }} loading={isLoading} data-testid="score-card">
      {data && (
        <Space direction="vertical" size="small" style={{ width: '100%' }}>
          <Space align="baseline">
            <Typography.Text style={{ fontSize: 28, fontWeight: 600, color: scoreColor(score ?? 0) }} data-testid="score-value">{score ?? 0}</Typography.Text>
            <Typography.Text type="secondary">{t('scoring.pointsUnit')}</Typography.Text>
            {data.current !== undefined && data.current !== (score ?? 0) && <Tag color="processing">{t('scoring.pending', { current: data.current })}</Tag>}
          </Space>
          {data.reasons.length ? (
            <ul style={{ paddingInlineStart: 0, margin: 0, listStyle: 'none' }} data-testid="score-reasons">
              {data.reasons.map((r) => (
                <li key={r.ruleId} style={{ display: 'flex', justifyContent: 'space-between', gap: 8, padding: '2px 0' }}>
                  <span style={{ wordBreak: 'break-word' }}>
                    <Tag color={r.kind === 'fit' ? 'purple' : 'blue'} style={{ marginInlineEnd: 6 }}>{t(`scoring.kinds.${r.kind}`)}</Tag>
                    {r.name}
                    {r.count && r.count > 1 ? <Typography.Text type="secondary"> ×{r.count}</Typography.Text> : null}
                  </span>
                  <Typography.Text strong type={r.points < 0 ? 'danger' : 'success'} style={{ whiteSpace: 'nowrap' }}>{r.points > 0 ? `+${r.points}` : r.points}</Typography.Text>
                </li>
              ))}
            </ul>
          ) : (
            <Typography.Text type="secondary">{t('scoring.noReasons')}</Typography.Text>
          )}
        </Space>
      )}
    </Card>
  );
}
