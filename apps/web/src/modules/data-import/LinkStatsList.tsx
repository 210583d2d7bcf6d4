import type { ImportSummary } from '@crm/schema';
import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useObjectMeta } from '../../api/meta';
import { useLabel } from '../../i18n';

/** After validation: per relation and owner column, how its cells matched (external id, name, e-mail…) and what did not. */
export function LinkStatsList({ imp }: { imp: ImportSummary }) {
  const { t } = useTranslation();
  const label = useLabel();
  const fields = useObjectMeta(imp.object)?.fields ?? [];
  const used = (imp.links ?? []).filter((l) => Object.keys(l.matched).length || l.inFile || l.ambiguous || l.unresolved);
  if (!used.length) return null;
  return (
    <Descriptions size="small" column={1} bordered data-testid="import-link-stats" title={t('dataImport.links.title')}
      items={used.map((l) => {
        const field = fields.find((f) => f.name === l.field);
        const parts = [
          ...Object.entries(l.matched).map(([how, n]) => t('dataImport.links.matched', { count: n, how: t(`dataImport.links.by.${how}`) })),
          ...(l.inFile ? [t('dataImport.links.inFile', { count: l.inFile })] : []),
          ...(l.ambiguous ? [t('dataImport.links.ambiguous', { count: l.ambiguous })] : []),
          ...(l.unresolved ? [t('dataImport.links.unresolved', { count: l.unresolved })] : []),
        ];
        return {
          key: l.field,
          label: field ? label(field.label) : l.field,
          children: (
            <>
              <Typography.Text>{parts.join(' · ')}</Typography.Text>
              {l.unresolvedValues.length > 0 && (
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, expandable: true }} style={{ marginBottom: 0 }}>
                  {t('dataImport.links.unresolvedValues', { values: l.unresolvedValues.join('、') })}
                </Typography.Paragraph>
              )}
            </>
          ),
        };
      })}
    />
  );
}
