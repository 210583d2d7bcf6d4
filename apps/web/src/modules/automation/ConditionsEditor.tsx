import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Segmented, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ConditionValue } from '../../engine/list/ConditionValue';
import { needsValue, operatorsFor, type Condition } from '../../engine/list/filterModel';
import { isGroup, type Group, type PathField } from './fieldPaths';

interface Props {
  fields: PathField[];
  value: Group;
  onChange: (group: Group) => void;
  nested?: boolean;
}

/** Conditions joined by all/any, with groups one level deep; rows reuse the list filter's operators and value inputs. */
export function ConditionsEditor({ fields, value, onChange, nested }: Props) {
  const { t } = useTranslation();
  const setItem = (i: number, item: Condition | Group) => onChange({ ...value, items: value.items.map((x, j) => (j === i ? item : x)) });
  const remove = (i: number) => onChange({ ...value, items: value.items.filter((_, j) => j !== i) });
  const newCondition = (): Condition => ({ field: fields[0].path, op: opsOf(fields[0])[0] });

  return (
    <div data-testid={nested ? 'condition-group' : 'conditions'}>
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Text>{t('automation.conditions.match')}</Typography.Text>
        <Segmented
          size="small"
          value={value.join}
          onChange={(join) => onChange({ ...value, join: join as 'and' | 'or' })}
          options={[{ value: 'and', label: t('filter.all') }, { value: 'or', label: t('filter.any') }]}
        />
      </Space>
      {value.items.map((item, i) =>
        isGroup(item) ? (
          <Card key={i} size="small" style={{ marginBottom: 8 }} extra={<Button type="text" icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(i)} />}>
            <ConditionsEditor nested fields={fields} value={item} onChange={(g) => setItem(i, g)} />
          </Card>
        ) : (
          <ConditionRow key={i} fields={fields} condition={item} onChange={(c) => setItem(i, c)} onRemove={() => remove(i)} />
        ),
      )}
      {!value.items.length && <Typography.Paragraph type="secondary">{t('automation.conditions.none')}</Typography.Paragraph>}
      <Space wrap>
        <Button size="small" icon={<PlusOutlined />} disabled={!fields.length} onClick={() => onChange({ ...value, items: [...value.items, newCondition()] })} data-testid="condition-add">
          {t('automation.conditions.add')}
        </Button>
        {!nested && (
          <Button size="small" icon={<PlusOutlined />} disabled={!fields.length} onClick={() => onChange({ ...value, items: [...value.items, { join: 'or', items: [newCondition()] }] })} data-testid="condition-add-group">
            {t('automation.conditions.addGroup')}
          </Button>
        )}
      </Space>
    </div>
  );
}

const opsOf = (f: PathField) => f.ops ?? operatorsFor(f.field);

function ConditionRow({ fields, condition, onChange, onRemove }: { fields: PathField[]; condition: Condition; onChange: (c: Condition) => void; onRemove: () => void }) {
  const { t } = useTranslation();
  const current = fields.find((f) => f.path === condition.field) ?? fields[0];
  return (
    <div style={{ display: 'flex', gap: 8, marginBottom: 8, flexWrap: 'wrap' }} data-testid="condition-row">
      <Select
        style={{ width: 220, maxWidth: '100%' }}
        showSearch={{ optionFilterProp: 'label' }}
        value={current.path}
        data-testid="condition-field"
        onChange={(path) => {
          const f = fields.find((x) => x.path === path)!;
          onChange({ field: path, op: opsOf(f)[0] });
        }}
        options={fields.map((f) => ({ value: f.path, label: f.label }))}
      />
      <Select
        style={{ width: 120 }}
        value={condition.op}
        data-testid="condition-op"
        onChange={(op) => onChange({ ...condition, op, value: op === 'between' ? [null, null] : condition.value })}
        options={opsOf(current).map((op) => ({ value: op, label: t(`filter.op.${op}`) }))}
      />
      <div style={{ flex: 1, minWidth: 160 }} className="automation-fill" data-testid="condition-value">
        {needsValue(condition.op) && <ConditionValue field={current.field} condition={condition} onChange={(v) => onChange({ ...condition, value: v })} />}
      </div>
      <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={onRemove} />
    </div>
  );
}
