import { sameValue } from '../../engine/fields/types';
import { type ButtonProps, App, Grid, Modal, Radio, Skeleton, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { editableFields, useObjects, type Field, type ObjectMeta } from '../../api/meta';
import type { RecordData } from '../../api/records';
import { FieldDisplay } from '../../engine/fields';
import { useLabel } from '../../i18n';
import { useMerge, useMergePreview } from './api';

const blank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length);

/** For each field: the survivor's value if it has one, else the first record that has one. */
function defaultChoices(fields: Field[], records: RecordData[], survivorId: string) {
  const survivor = records.find((r) => r.id === survivorId);
  return Object.fromEntries(
    fields.map((f) => [f.name, survivor && !blank(survivor[f.name]) ? survivorId : (records.find((r) => !blank(r[f.name]))?.id ?? survivorId)]),
  );
}

interface Props {
  meta: ObjectMeta;
  ids: string[];
  open: boolean;
  onClose: () => void;
  onMerged?: (survivorId: string) => void;
}

/** Records side by side: pick the one that survives and, field by field, which value it keeps. */
export function MergeDialog({ meta, ids, open, onClose, onMerged }: Props) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const preview = useMergePreview(meta.name, open ? ids : []);
  const merge = useMerge(meta.name);
  const { data: objects = [] } = useObjects();
  const records = useMemo(() => preview.data?.records ?? [], [preview.data]);
  const fields = useMemo(() => editableFields(meta).filter((f) => records.some((r) => !blank(r[f.name]))), [meta, records]);
  const oldest = useMemo(() => [...records].sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)))[0]?.id, [records]);
  const [survivorId, setSurvivorId] = useState<string>();
  const [choices, setChoices] = useState<Record<string, string>>({});

  useEffect(() => {
    if (oldest) {
      setSurvivorId(oldest);
      setChoices(defaultChoices(fields, records, oldest));
    }
  }, [oldest, fields, records]);

  const pickSurvivor = (id: string) => {
    setSurvivorId(id);
    setChoices(defaultChoices(fields, records, id));
  };

  const submit = async () => {
    if (!survivorId) return;
    const values = Object.fromEntries(Object.entries(choices).filter(([, id]) => id !== survivorId));
    try {
      await merge.mutateAsync({ survivorId, mergedIds: records.map((r) => r.id).filter((id) => id !== survivorId), values });
      message.success(t('duplicates.merge.done', { count: records.length }));
      onMerged?.(survivorId);
      onClose();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  const relatedText = (id: string) => {
    const counts = preview.data?.related[id] ?? {};
    const parts = Object.entries(counts).map(([object, n]) => `${label(objects.find((o) => o.name === object)?.pluralLabel) || object} ${n}`);
    return parts.length ? parts.join(' · ') : t('duplicates.merge.noRelated');
  };

  const title = (r: RecordData) => String(r[meta.titleField] ?? r.id);
  const columns = [
    {
      key: 'field',
      title: t('duplicates.merge.field'),
      fixed: 'left' as const,
      width: phone ? 96 : 140,
      render: (_: unknown, f: Field) => {
        const conflict = new Set(records.filter((r) => !blank(r[f.name])).map((r) => JSON.stringify(r[f.name]))).size > 1;
        return (
          <div>
            <Typography.Text strong>{label(f.label)}</Typography.Text>
            {conflict && <Tag color="orange" style={{ marginInlineStart: 4 }} data-testid={`merge-conflict-${f.name}`}>{t('duplicates.merge.conflict')}</Tag>}
          </div>
        );
      },
    },
    ...records.map((r, i) => ({
      key: r.id,
      width: phone ? 200 : 240,
      title: (
        <div style={{ minWidth: 0 }} data-testid={`merge-record-${i}`}>
          <Radio checked={survivorId === r.id} onChange={() => pickSurvivor(r.id)} data-testid={`merge-survivor-${i}`}>
            {t('duplicates.merge.keep')}
          </Radio>
          <div style={{ wordBreak: 'break-word', fontWeight: 600 }}>
            <a href={`/o/${meta.name}/${r.id}`} target="_blank" rel="noreferrer">{title(r)}</a>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }} data-testid={`merge-related-${i}`}>
            {relatedText(r.id)}
          </Typography.Text>
        </div>
      ),
      render: (_: unknown, f: Field) => {
        const value = r[f.name];
        const disabled = blank(value) && records.some((o) => !blank(o[f.name]));
        return (
          <Radio
            checked={choices[f.name] === r.id}
            disabled={disabled}
            onChange={() => setChoices((c) => ({ ...c, [f.name]: r.id }))}
            data-testid={`merge-pick-${f.name}-${i}`}
            style={{ alignItems: 'flex-start', maxWidth: '100%' }}
          >
            <span style={{ wordBreak: 'break-word' }}>{blank(value) ? '—' : <FieldDisplay field={f} value={value} compact />}</span>
          </Radio>
        );
      },
    })),
  ];

  const conflictRow = (f: Field) => (new Set(records.filter((r) => !blank(r[f.name])).map((r) => JSON.stringify(r[f.name]))).size > 1 ? 'crm-merge-conflict' : '');
  const unchanged = survivorId ? fields.every((f) => sameValue(records.find((r) => r.id === choices[f.name])?.[f.name], records.find((r) => r.id === survivorId)?.[f.name])) : true;

  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={t('duplicates.merge.title', { object: label(meta.label) })}
      width={phone ? '100%' : Math.min(220 + records.length * 260, 1200)}
      style={phone ? { top: 0, maxWidth: '100vw', paddingBottom: 0 } : undefined}
      okText={t('duplicates.merge.submit', { count: records.length })}
      okButtonProps={{ danger: true, disabled: !survivorId || records.length < 2, loading: merge.isPending, 'data-testid': 'merge-submit' } as ButtonProps}
      cancelText={t('common.cancel')}
      onOk={submit}
      destroyOnHidden
    >
      <div data-testid="merge-dialog">
        {preview.isLoading ? (
          <Skeleton active />
        ) : preview.error ? (
          <Typography.Text type="danger">{(preview.error as Error).message}</Typography.Text>
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              {t('duplicates.merge.hint')} {unchanged ? '' : t('duplicates.merge.hintChanged')}
            </Typography.Paragraph>
            <style>{'.crm-merge-conflict > td { background: #fff7e6 !important; }'}</style>
            <Table rowKey="name" size="small" pagination={false} columns={columns} dataSource={fields} rowClassName={conflictRow} scroll={{ x: 'max-content', y: phone ? undefined : 480 }} />
          </>
        )}
      </div>
    </Modal>
  );
}
