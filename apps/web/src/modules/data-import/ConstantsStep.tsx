import type { FieldDefinition, ImportOptions } from '@crm/schema';
import { Button, Col, Empty, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Field } from '../../api/meta';
import { FieldInput } from '../../engine/fields';
import { isBlank } from '../../engine/fields/types';
import { useLabel } from '../../i18n';

/** Dates the system keeps (created_at, closed_at) come only from the file, never one value for all rows. */
const FROM_FILE_ONLY = new Set(['created_at', 'closed_at']);

interface Props {
  fields: FieldDefinition[];
  mapping: Record<string, number>;
  options: ImportOptions;
  onChange(options: ImportOptions): void;
}

/** One value for every row, for the fields the file has no column for (a pipeline, a lost reason, an owner). */
export function ConstantsStep({ fields, mapping, options, onChange }: Props) {
  const { t } = useTranslation();
  const label = useLabel();
  const lacking = fields.filter((f) => !(f.name in mapping) && !FROM_FILE_ONLY.has(f.name));
  const set = (name: string, value: unknown) => {
    const constants = { ...options.constants };
    if (isBlank(value)) delete constants[name];
    else constants[name] = value;
    onChange({ ...options, constants });
  };
  if (!lacking.length) return <Empty data-testid="import-constants" description={t('dataImport.constants.none')} />;
  const setCount = Object.keys(options.constants).length;
  return (
    <div data-testid="import-constants">
      <Typography.Paragraph type="secondary">{t('dataImport.constants.hint')}</Typography.Paragraph>
      <Space direction="vertical" size="small" style={{ width: '100%' }}>
        {lacking.map((f) => (
          <Row key={f.name} gutter={[12, 4]} align="middle" data-testid={`constant-${f.name}`}>
            <Col xs={24} sm={8} md={6}>
              <Typography.Text>{label(f.label)}{f.required ? ' *' : ''}</Typography.Text>
            </Col>
            <Col xs={24} sm={16} md={12}>
              <div style={{ width: '100%' }} className="crm-import-constant">
                <FieldInput field={{ ...f, readonly: false } as Field} value={options.constants[f.name] ?? null} onChange={(v) => set(f.name, v)} id={`constant-input-${f.name}`} />
              </div>
            </Col>
          </Row>
        ))}
      </Space>
      {setCount > 0 && (
        <Button type="link" style={{ paddingLeft: 0, marginTop: 8 }} onClick={() => onChange({ ...options, constants: {} })}>{t('dataImport.constants.clear')}</Button>
      )}
    </div>
  );
}
