import { DownloadOutlined } from '@ant-design/icons';
import type { Filter } from '@crm/schema';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/meta';
import { VCardImportButton } from '../vcard/VCardImportButton';
import { download } from './download';

export interface ListView {
  filter?: Filter;
  sort?: string;
  q?: string;
  /** The columns shown, in order. */
  columns: string[];
  /** The list's segment (?segment=), exported as listed. */
  segment?: string | null;
  /** Selected record ids (vCard export of a selection). */
  selected: string[];
}

/**
 * The list toolbar's data actions: export the current view (filter, search, sort, columns) as CSV
 * or Excel; for contacts also vCard 3.0/4.0 (the selection if any, else the view) and a .vcf import.
 */
export function ExportMenu({ meta, view }: { meta: ObjectMeta; view: ListView }) {
  const { t } = useTranslation();
  const contacts = meta.name === 'contacts';
  const listQuery = { filter: view.filter ? JSON.stringify(view.filter) : undefined, sort: view.sort, q: meta.searchable ? view.q?.trim() || undefined : undefined, segment: view.segment ?? undefined };
  const exportAs = (format: 'csv' | 'xlsx') => download(`/api/v1/${meta.name}/export`, { ...listQuery, format, fields: view.columns.join(',') });
  const vcard = (version: '3.0' | '4.0') =>
    download('/api/v1/contacts/vcard', view.selected.length ? { version, ids: view.selected.join(',') } : { ...listQuery, version });
  const items = [
    { key: 'xlsx', label: <span data-testid="export-xlsx">{t('dataExport.xlsx')}</span>, onClick: () => exportAs('xlsx') },
    { key: 'csv', label: <span data-testid="export-csv">{t('dataExport.csv')}</span>, onClick: () => exportAs('csv') },
    ...(contacts
      ? [
          { type: 'divider' as const },
          ...(['3.0', '4.0'] as const).map((v) => ({
            key: `vcard-${v}`,
            label: <span data-testid={`export-vcard-${v}`}>{t(view.selected.length ? 'dataExport.vcardSelected' : 'dataExport.vcard', { version: v, count: view.selected.length })}</span>,
            onClick: () => vcard(v),
          })),
        ]
      : []),
  ];
  return (
    <>
      {contacts && meta.access.create !== 'none' && <VCardImportButton />}
      {meta.access.export !== 'none' && (
        <Dropdown menu={{ items }} trigger={['click']}>
          <Button icon={<DownloadOutlined />} data-testid="export-menu">{t('list.export')}</Button>
        </Dropdown>
      )}
    </>
  );
}
