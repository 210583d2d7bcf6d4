import { App, Button, Card, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useObjectMeta } from '../../api/meta';
import { useSaveRecord } from '../../api/records';
import { useLabel } from '../../i18n';
import { translateIssue } from '../formErrors';

/**
 * Logs a follow-up (activities record) against the record being viewed, through the activities
 * relation field that points at this object (customer_id on a customer …).
 */
export function QuickFollowUp({ object, recordId }: { object: string; recordId: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const activities = useObjectMeta('activities');
  const save = useSaveRecord('activities');
  const typeField = activities?.fields.find((f) => f.name === 'type');
  const [type, setType] = useState<string>(String(typeField?.defaultValue ?? typeField?.options?.[0]?.value ?? 'call'));
  const [subject, setSubject] = useState('');
  const [content, setContent] = useState('');
  const link = activities?.fields.find((f) => f.type === 'relation' && f.relation?.object === object && !f.archived);
  if (!activities || !link || activities.access.create === 'none') return null;

  const submit = async () => {
    if (!subject.trim()) {
      message.warning(t('followUp.subjectRequired'));
      return;
    }
    try {
      await save.mutateAsync({
        values: { type, subject: subject.trim(), ...(content.trim() ? { content: content.trim() } : {}), occurred_at: new Date().toISOString(), [link.name]: recordId },
      });
      setSubject('');
      setContent('');
      message.success(t('followUp.logged'));
    } catch (e) {
      message.error(translateIssue((e as Error).message, t));
    }
  };

  return (
    <Card size="small" title={t('followUp.title')} style={{ marginBottom: 16 }} data-testid="quick-follow-up">
      <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
        <Select style={{ width: 100 }} value={type} onChange={setType} data-testid="follow-up-type"
          options={(typeField?.options ?? []).map((o) => ({ value: o.value, label: label(o.label) }))} />
        <Input placeholder={t('followUp.subject')} value={subject} maxLength={200} onChange={(e) => setSubject(e.target.value)} onPressEnter={submit} data-testid="follow-up-subject" />
      </Space.Compact>
      <Input.TextArea placeholder={t('followUp.content')} autoSize={{ minRows: 2, maxRows: 6 }} value={content} onChange={(e) => setContent(e.target.value)} style={{ marginBottom: 8 }} data-testid="follow-up-content" />
      <div style={{ textAlign: 'right' }}>
        <Button type="primary" loading={save.isPending} onClick={submit} data-testid="follow-up-submit">
          {t('followUp.submit')}
        </Button>
      </div>
    </Card>
  );
}
