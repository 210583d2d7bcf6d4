import { Card, Descriptions, Empty, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DetailExtensionProps } from '../../engine/detailExtensions';
import { formatDateTime } from '../../engine/fields/format';
import { useInterests, type TopItem } from './api';

function Top({ title, items, testId }: { title: string; items: TopItem[]; testId: string }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <List
      size="small"
      header={<Typography.Text strong>{title}</Typography.Text>}
      dataSource={items}
      data-testid={testId}
      renderItem={(item) => (
        <List.Item extra={<Tag>{t('tracking.times', { count: item.count })}</Tag>}>
          <Typography.Text ellipsis={{ tooltip: item.key }} style={{ maxWidth: '100%' }}>{item.label || fileName(item.key)}</Typography.Text>
        </List.Item>
      )}
    />
  );
}

/** A file's name from its link ("白皮书.pdf"); anything else as it is. */
function fileName(key: string) {
  if (!/^https?:/.test(key)) return key;
  try {
    return decodeURIComponent(new URL(key).pathname.split('/').filter(Boolean).pop() ?? key);
  } catch {
    return key;
  }
}

/** 网站兴趣 on a lead or contact: how often they came, what they looked at and downloaded. */
export function InterestsCard({ meta, record }: DetailExtensionProps) {
  const { t } = useTranslation();
  const { data } = useInterests(meta.name, record.id);
  return (
    <Card size="small" title={t('tracking.interests')} style={{ marginTop: 16 }} data-testid="tracking-interests">
      {!data || !data.events ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tracking.noVisits')} />
      ) : (
        <>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('tracking.visits')}>{data.visits}</Descriptions.Item>
            <Descriptions.Item label={t('tracking.pageViews')}>{data.pageViews}</Descriptions.Item>
            {data.lastAt && <Descriptions.Item label={t('tracking.lastSeen')}>{formatDateTime(data.lastAt)}</Descriptions.Item>}
          </Descriptions>
          <Top title={t('tracking.topPages')} items={data.topPages} testId="tracking-top-pages" />
          <Top title={t('tracking.downloads')} items={data.downloads} testId="tracking-downloads" />
          <Top title={t('tracking.customEvents')} items={data.customEvents} testId="tracking-custom-events" />
        </>
      )}
    </Card>
  );
}
