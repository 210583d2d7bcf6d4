import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** An import batch's audit entry: how many records it created (their ids are in the entry, not listed here). */
export function ImportSummary({ changes }: { changes: unknown }) {
  const { t } = useTranslation();
  const batch = (changes as { import?: { importId: string; created: string[] } } | null)?.import;
  if (!batch) return null;
  return (
    <div data-testid="audit-import">
      <Typography.Text strong>{t('dataImport.auditCreated', { count: batch.created.length })}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12, wordBreak: 'break-all' }}>{t('dataImport.auditImportId', { id: batch.importId.slice(0, 8) })}</Typography.Paragraph>
    </div>
  );
}
