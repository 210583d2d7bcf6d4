import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CannedReply } from '../api';
import { ConfigList } from './ConfigList';

type Values = { title: string; body: string };

/** 快捷回复: title and text with {{…}} variables, filled in per ticket when an agent inserts one. */
export function CannedRepliesSettings() {
  const { t } = useTranslation();
  return (
    <ConfigList<CannedReply, Values>
      path="/api/v1/service/canned-replies"
      testId="canned-settings"
      columns={[
        { title: t('service.settings.title'), dataIndex: 'title', width: 180 },
        { title: t('service.settings.bodyColumn'), dataIndex: 'body', ellipsis: true },
      ]}
      fields={
        <>
          <Form.Item name="title" label={t('service.settings.title')} rules={[{ required: true, max: 100 }]}><Input /></Form.Item>
          <Form.Item name="body" label={t('service.settings.body', { vars: '{{contact.name}}、{{ticket.number}}' })} rules={[{ required: true }]}><Input.TextArea rows={6} /></Form.Item>
        </>
      }
      toForm={(r) => ({ title: r.title, body: r.body })}
      toBody={(v) => v}
    />
  );
}
