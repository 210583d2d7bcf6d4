import { SendOutlined } from '@ant-design/icons';
import { Button, Card, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import type { DetailExtensionProps } from '../../engine/detailExtensions';
import type { ListActionProps } from '../../engine/list/listActions';
import { formatDateTime } from '../../engine/fields/format';
import { managesSurveys, readsSurveys, useContactSurveys } from './api';
import { SendSurveyDialog } from './SendSurveyDialog';

/** 发送调查 on the contacts list: to the selected contacts, or to all the list shows. */
export function SendSurveyListAction({ selected, view }: ListActionProps) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [open, setOpen] = useState(false);
  if (!managesSurveys(me?.permissions)) return null;
  return (
    <>
      <Button icon={<SendOutlined />} onClick={() => setOpen(true)} data-testid="list-send-survey">{t('surveys.sendAction')}</Button>
      {open && <SendSurveyDialog audience={{ ids: selected, view }} onClose={() => setOpen(false)} />}
    </>
  );
}

/** A contact's surveys on its detail page: invited, answered, when last (the answers are on the timeline). */
export function ContactSurveysCard({ record }: DetailExtensionProps) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const reads = readsSurveys(me?.permissions);
  const counts = useContactSurveys(record.id, reads);
  if (!reads || !counts.data) return null;
  return (
    <Card size="small" title={t('surveys.contactCard.title')} style={{ marginBottom: 12 }} data-testid="contact-surveys">
      <div style={{ display: 'flex', gap: 24 }}>
        <Statistic title={t('surveys.contactCard.invited')} value={counts.data.invited} />
        <Statistic title={t('surveys.contactCard.answered')} value={counts.data.answered} valueStyle={{ color: '#1677ff' }} />
      </div>
      {counts.data.lastAnsweredAt && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('surveys.contactCard.last', { at: formatDateTime(counts.data.lastAnsweredAt) })}</Typography.Text>
      )}
    </Card>
  );
}
