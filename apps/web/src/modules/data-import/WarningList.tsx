import type { ImportSummary } from '@crm/schema';
import { useQuery } from '@tanstack/react-query';
import { Alert, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client';

/** Rows that go in (or went in) with a warning, such as a phone kept as text: listed so nobody is surprised later. */
export function WarningList({ imp }: { imp: ImportSummary }) {
  const { t } = useTranslation();
  const warnings = useQuery({
    queryKey: ['imports', imp.id, 'warnings', imp.warnings],
    enabled: imp.warnings > 0,
    queryFn: async () => (await get<{ data: { row: number; warning: string }[] }>(`/api/v1/imports/${imp.id}/warnings`, { limit: 1000 })).data,
  });
  if (!imp.warnings) return null;
  return (
    <div data-testid="import-warnings">
      <Alert type="info" showIcon message={t('dataImport.warnings', { count: imp.warnings })} style={{ marginBottom: 8 }} />
      <Table size="small" rowKey="row" pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }} scroll={{ x: true }} dataSource={warnings.data ?? []} loading={warnings.isLoading}
        columns={[{ key: 'row', title: t('dataImport.row'), width: 64, dataIndex: 'row' }, { key: 'warning', title: t('dataImport.warning'), dataIndex: 'warning' }]} />
    </div>
  );
}
