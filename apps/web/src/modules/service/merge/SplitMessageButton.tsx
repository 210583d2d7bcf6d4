import { ScissorOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { serviceApi } from '../api';

/** 拆分为新工单: the message moves to a new ticket of the same customer, which then opens. */
export function SplitMessageButton({ ticketId, messageId }: { ticketId: string; messageId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const split = async () => {
    try {
      const { data } = await serviceApi.split(ticketId, messageId);
      message.success(t('service.split.done', { number: data.number }));
      void client.invalidateQueries({ queryKey: ['service'] });
      void client.invalidateQueries({ queryKey: ['records'] });
      navigate(`/o/tickets/${data.id}`);
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Popconfirm title={t('service.split.confirm')} onConfirm={() => void split()} okText={t('service.split.ok')}>
      <Button type="text" size="small" icon={<ScissorOutlined />} className="service-message-action" data-testid="message-split">{t('service.split.button')}</Button>
    </Popconfirm>
  );
}
