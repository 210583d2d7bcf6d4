import type { ImportPlaceholder, ImportSummary } from '@crm/schema';
import { useQuery } from '@tanstack/react-query';
import { Alert, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../api/client';

/** The records "create missing relations" made: counted, listed with links, and said to go with undo. */
export function PlaceholderList({ imp }: { imp: ImportSummary }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['imports', imp.id, 'placeholders', imp.status],
    enabled: imp.placeholders > 0,
    queryFn: async () => (await get<{ data: ImportPlaceholder[] }>(`/api/v1/imports/${imp.id}/placeholders`)).data,
  });
  if (!imp.placeholders) return null;
  const undone = imp.status === 'undone';
  return (
    <Alert type="info" showIcon style={{ marginTop: 16 }} data-testid="import-placeholders"
      message={t(undone ? 'dataImport.placeholders.undone' : 'dataImport.placeholders.made', { count: imp.placeholders })}
      description={list.data?.length ? (
        <Space size={[4, 4]} wrap>
          {list.data.map((p) => (
            <Link key={p.id} to={`/o/${p.object}/${p.id}`}><Tag style={{ maxWidth: 240, overflow: 'hidden', textOverflow: 'ellipsis' }}>{p.name || '—'}</Tag></Link>
          ))}
        </Space>
      ) : undefined} />
  );
}
