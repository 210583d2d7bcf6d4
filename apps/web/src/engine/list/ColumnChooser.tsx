import { TableOutlined } from '@ant-design/icons';
import { Button, Checkbox, Popover } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Field } from '../../api/meta';
import { useLabel } from '../../i18n';

/** Tick which fields show as columns; order follows the fields' position. */
export function ColumnChooser({ fields, value, onChange, titleField }: { fields: Field[]; value: string[]; onChange: (cols: string[]) => void; titleField: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const content = (
    <div style={{ maxHeight: 360, overflowY: 'auto', minWidth: 180 }} data-testid="column-chooser">
      {fields.map((f) => (
        <div key={f.name}>
          <Checkbox
            checked={value.includes(f.name) || f.name === titleField}
            disabled={f.name === titleField}
            onChange={(e) => onChange(e.target.checked ? fields.map((x) => x.name).filter((n) => n === f.name || value.includes(n)) : value.filter((n) => n !== f.name))}
          >
            {label(f.label)}
          </Checkbox>
        </div>
      ))}
    </div>
  );
  return (
    <Popover trigger="click" content={content} placement="bottomRight">
      <Button icon={<TableOutlined />} data-testid="columns-button">
        {t('list.columns')}
      </Button>
    </Popover>
  );
}
