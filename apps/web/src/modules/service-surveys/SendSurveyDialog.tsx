import { Alert, App, Checkbox, Form, Modal, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRecordList } from '../../api/records';
import { useLabel } from '../../i18n';
import type { ListView } from '../../engine/list/listActions';
import { useSendSurvey, useSurveys, type SendBody, type Survey } from './api';

type Target = 'all' | 'segment' | 'customer';

/** From the contacts list: the selected contacts, else those the list shows (its filter, search and segment). */
export interface Audience {
  ids: string[];
  view: ListView;
}

/**
 * Picks the contacts (all with an address, a contacts segment, or one customer's) and queues one
 * signed link each. Opened from the contacts list it sends to that list's audience, and the survey
 * (an open one) is chosen here.
 */
export function SendSurveyDialog({ survey, audience, onClose }: { survey?: Survey; audience?: Audience; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const surveys = useSurveys();
  const [surveyId, setSurveyId] = useState(survey?.id);
  
  const openSurveys = (surveys.data ?? []).filter((s) => s.status === 'open');
  // The only open survey is the one meant.
  const chosenId = surveyId ?? (openSurveys.length === 1 ? openSurveys[0].id : undefined);
  const send = useSendSurvey(chosenId ?? '');
  const [target, setTarget] = useState<Target>('all');
  const [segment, setSegment] = useState<string>();
  const [customer, setCustomer] = useState<string>();
  const [customerQ, setCustomerQ] = useState('');
  const [resend, setResend] = useState(false);
  const segments = useRecordList('segments', { limit: 200, fields: ['name'], sort: 'name', filter: { field: 'object', op: 'eq', value: 'contacts' } }, { enabled: target === 'segment' });
  const customers = useRecordList('customers', { limit: 20, fields: ['name'], q: customerQ || undefined }, { enabled: target === 'customer' });
  const ready = !!chosenId && (!!audience || target === 'all' || (target === 'segment' && !!segment) || (target === 'customer' && !!customer));

  const submit = async () => {
    const body: SendBody = { resend };
    if (audience?.ids.length) body.filter = { field: 'id', op: 'in', value: audience.ids };
    else if (audience) Object.assign(body, { filter: audience.view.filter, q: audience.view.q, segment: audience.view.segment });
    else if (target === 'segment') body.segment = segment;
    else if (target === 'customer') body.filter = { field: 'customer_id', op: 'eq', value: customer };
    try {
      const { queued } = await send.mutateAsync(body);
      message.success(t('surveys.sendDialog.queued', { count: queued }));
      onClose();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Modal open title={survey ? `${t('surveys.sendDialog.title')} · ${label(survey.title)}` : t('surveys.sendDialog.title')} onCancel={onClose} onOk={submit} okText={t('surveys.sendDialog.ok')} okButtonProps={{ disabled: !ready, loading: send.isPending, 'data-testid': 'survey-send-ok' } as never} destroyOnHidden>
      <Form layout="vertical">
        {!survey && (
          <Form.Item label={t('surveys.sendDialog.pickSurvey')} extra={surveys.isSuccess && !openSurveys.length ? t('surveys.sendDialog.noOpen') : undefined}>
            <Select value={chosenId} onChange={setSurveyId} loading={surveys.isLoading} data-testid="survey-send-pick"
              options={openSurveys.map((s) => ({ value: s.id, label: label(s.title) }))} />
          </Form.Item>
        )}
        {audience ? (
          <Form.Item label={t('surveys.sendDialog.to')}>
            <Typography.Text data-testid="survey-send-audience">
              {audience.ids.length ? t('surveys.sendDialog.selected', { count: audience.ids.length }) : t('surveys.sendDialog.listed', { count: audience.view.total ?? 0 })}
            </Typography.Text>
          </Form.Item>
        ) : (
        <Form.Item label={t('surveys.sendDialog.to')}>
          <Radio.Group value={target} onChange={(e) => setTarget(e.target.value)} style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
            <Radio value="all" data-testid="survey-send-all">{t('surveys.sendDialog.all')}</Radio>
            <Radio value="segment">{t('surveys.sendDialog.segment')}</Radio>
            <Radio value="customer" data-testid="survey-send-customer">{t('surveys.sendDialog.customer')}</Radio>
          </Radio.Group>
        </Form.Item>
        )}
        {!audience && target === 'segment' && (
          <Form.Item label={t('surveys.sendDialog.pickSegment')}>
            <Select value={segment} onChange={setSegment} loading={segments.isLoading} options={(segments.data?.data ?? []).map((s) => ({ value: s.id, label: String(s.name) }))} />
          </Form.Item>
        )}
        {!audience && target === 'customer' && (
          <Form.Item label={t('surveys.sendDialog.pickCustomer')}>
            <Select showSearch filterOption={false} onSearch={setCustomerQ} value={customer} onChange={setCustomer} loading={customers.isLoading} data-testid="survey-send-customer-pick"
              options={(customers.data?.data ?? []).map((c) => ({ value: c.id, label: String(c.name) }))} />
          </Form.Item>
        )}
        <Checkbox checked={resend} onChange={(e) => setResend(e.target.checked)}>{t('surveys.sendDialog.resend')}</Checkbox>
        <Alert style={{ marginTop: 12 }} type="info" showIcon message={<Typography.Text style={{ fontSize: 13 }}>{t('surveys.sendDialog.hint')}</Typography.Text>} />
      </Form>
    </Modal>
  );
}
