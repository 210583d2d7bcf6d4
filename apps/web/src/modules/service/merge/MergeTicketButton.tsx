import { MergeCellsOutlined } from '@ant-design/icons';
import { App, Button, Modal, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Field } from '../../../api/meta';
import { FieldInput } from '../../../engine/fields';
import { serviceApi } from '../api';

/** 合并到…: pick the ticket this one duplicates; its messages move there and this one is closed. */
export function MergeTicketButton({ ticketId, field }: { ticketId: string; field: Field }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [targetId, setTargetId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const merge = async () => {
    if (!targetId) return;
    setBusy(true);
    try {
      await serviceApi.merge(ticketId, targetId);
      message.success(t('service.merge.done'));
      setOpen(false);
      void client.invalidateQueries({ queryKey: ['records'] });
      void client.invalidateQueries({ queryKey: ['service'] });
      navigate(`/o/tickets/${targetId}`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" icon={<MergeCellsOutlined />} onClick={() => setOpen(true)} data-testid="ticket-merge">{t('service.merge.button')}</Button>
      <Modal open={open} title={t('service.merge.title')} onCancel={() => setOpen(false)} onOk={() => void merge()} okText={t('service.merge.ok')}
        okButtonProps={{ disabled: !targetId || targetId === ticketId, loading: busy, danger: true }} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('service.merge.hint')}</Typography.Paragraph>
        <div data-testid="ticket-merge-target" className="service-merge-target">
          <FieldInput field={{ ...field, readonly: false }} value={targetId} onChange={(v) => setTargetId((v as string | null) ?? null)} />
        </div>
      </Modal>
    </>
  );
}
