import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

interface ExportDetails {
  format: string;
  rows: number;
  filter: unknown;
  q: string | null;
  sort: string | null;
  fields: string | null;
}

/** What an audited export contained: format, row count, and the view's filter, search and sort. */
export function ExportSummary({ changes }: { changes: unknown }) {
  const { t } = useTranslation();
  const e = (changes as { export?: ExportDetails } | null)?.export;
  if (!e) return null;
  const parts = [e.filter ? `${t('dataExport.filter')}: ${JSON.stringify(e.filter)}` : null, e.q ? `${t('dataExport.search')}: ${e.q}` : null, e.sort ? `${t('dataExport.sort')}: ${e.sort}` : null].filter(Boolean);
  return (
    <div data-testid="audit-export">
      <Typography.Text strong>{t('dataExport.summary', { format: e.format.toUpperCase(), count: e.rows })}</Typography.Text>
      {parts.length > 0 && <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12, wordBreak: 'break-all' }}>{parts.join(' · ')}</Typography.Paragraph>}
    </div>
  );
}
