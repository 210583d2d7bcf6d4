import { PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Empty, Grid, List, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useObjects, type ObjectMeta } from '../../api/meta';
import type { RecordData, RelatedResult } from '../../api/records';
import { useLabel } from '../../i18n';
import { FieldDisplay } from '../fields';
import { RecordForm } from '../RecordForm';

/**
 * A new related record links to this one and takes this one's other links to the same objects:
 * a quote created from a deal gets the deal's customer (and contact) too.
 */
function prefillFor(child: ObjectMeta, field: string, parent: RecordData, parentMeta: ObjectMeta | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = { [field]: parent.id };
  for (const f of child.fields) {
    if (f.type !== 'relation' || f.name === field || f.archived || f.readonly) continue;
    const own = parentMeta?.fields.find((p) => p.name === f.name && p.type === 'relation' && p.relation?.object === f.relation?.object);
    if (own && typeof parent[own.name] === 'string') values[f.name] = parent[own.name];
  }
  return values;
}

/** Reverse lists (contacts, deals … of a customer) as tabs with counts; "new" prefills the relation. */
export function RelatedLists({ related, record, object }: { related: RelatedResult[]; record: RecordData; object: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { data: objects = [] } = useObjects();
  const [creating, setCreating] = useState<{ meta: ObjectMeta; field: string } | null>(null);
  const phone = Grid.useBreakpoint().md === false;
  const parentMeta = objects.find((o) => o.name === object);
  // One object per opened form: a new one on every render would refill the form.
  const prefill = useMemo(() => (creating ? prefillFor(creating.meta, creating.field, record, parentMeta) : undefined), [creating, record, parentMeta]);
  if (!related.length) return null;

  const items = related.map((list) => {
    const meta = objects.find((o) => o.name === list.object);
    const subtitle = (meta?.fields.filter((f) => meta.subtitleFields.includes(f.name) && f.name !== list.field) ?? []).slice(0, phone ? 1 : 3);
    return {
      key: list.name + list.field,
      label: (
        <span data-testid={`related-tab-${list.object}`}>
          {label(list.label)} <Badge count={list.total} showZero color={list.total ? '#1668dc' : '#d9d9d9'} size="small" />
        </span>
      ),
      children: (
        <div>
          {meta && meta.access.create !== 'none' && (
            <Button size="small" icon={<PlusOutlined />} style={{ marginBottom: 8 }} onClick={() => setCreating({ meta, field: list.field })} data-testid={`related-new-${list.object}`}>
              {t('list.new', { object: label(meta.label) })}
            </Button>
          )}
          {list.data.length ? (
            <List
              size="small"
              dataSource={list.data}
              renderItem={(r) => (
                <List.Item>
                  <div style={{ display: 'flex', gap: 12, width: '100%', minWidth: 0, alignItems: 'center' }}>
                    <Link to={`/o/${list.object}/${r.id}`} className="crm-ellipsis" style={{ flex: '0 1 40%' }}>
                      {String(r[meta?.titleField ?? 'name'] ?? '—')}
                    </Link>
                    {subtitle.map((f) => (
                      <div key={f.name} className="crm-ellipsis" style={{ flex: 1, fontSize: 13 }}>
                        <FieldDisplay field={f} value={r[f.name]} compact />
                      </div>
                    ))}
                  </div>
                </List.Item>
              )}
              footer={list.total > list.data.length ? <Typography.Text type="secondary">{t('detail.moreRelated', { count: list.total - list.data.length })}</Typography.Text> : undefined}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noRelated')} />
          )}
        </div>
      ),
    };
  });

  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="related-lists">
      <Tabs items={items} size="small" />
      {creating && (
        <RecordForm meta={creating.meta} open onClose={() => setCreating(null)} prefill={prefill} />
      )}
    </Card>
  );
}
