import { Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Encodings Chinese and Western spreadsheets save CSV in; iconv reads them on the server. */
const ENCODINGS = ['utf-8', 'gb18030', 'big5', 'utf-16le', 'shift_jis', 'windows-1252'];

/** The CSV's detected encoding, overridable: choosing another re-reads the headers and the preview. */
export function EncodingSelect({ value, onChange, disabled }: { value: string; onChange(encoding: string): void; disabled?: boolean }) {
  const { t } = useTranslation();
  const options = (ENCODINGS.includes(value) ? ENCODINGS : [value, ...ENCODINGS]).map((e) => ({ value: e, label: t(`dataImport.encodings.${e.replace(/[^a-z0-9]/g, '_')}`, { defaultValue: e.toUpperCase() }) }));
  return (
    <Space wrap size={4}>
      <Typography.Text type="secondary">{t('dataImport.encoding')}</Typography.Text>
      <Select style={{ width: 200 }} value={value} options={options} onChange={onChange} disabled={disabled} data-testid="import-encoding" />
    </Space>
  );
}
