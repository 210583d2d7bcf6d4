import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Result, Row, Select, Space, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { QUESTION_TYPES, toBody, toForm, type FormValues } from './editorModel';
import { useSaveSurvey, useSurvey } from './api';

/** /service/surveys/new and /service/surveys/:id/edit — bilingual title and questions; questions lock once opened. */
export default function SurveyEditor() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data: survey, error } = useSurvey(id);
  const save = useSaveSurvey(id);
  const [form] = Form.useForm<FormValues>();
  const locked = !!survey && survey.status !== 'draft';

  useEffect(() => {
    form.setFieldsValue(toForm(survey));
  }, [form, survey]);

  if (error) return <Result status="warning" title={t('error.loadFailed')} subTitle={error.message} />;

  const submit = async (values: FormValues) => {
    try {
      await save.mutateAsync(toBody(values, locked ? survey.questions : undefined));
      message.success(t('surveys.saved'));
      navigate('/service/surveys');
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <div className="crm-page" data-testid="survey-editor">
      <Typography.Title level={4}>{id ? t('surveys.edit') : t('surveys.new')}</Typography.Title>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={toForm(undefined)} style={{ maxWidth: 900 }}>
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={12}>
            <Col xs={24} md={12}><Form.Item name="titleZh" label={t('surveys.form.titleZh')} rules={[{ required: true, max: 200 }]}><Input data-testid="survey-title-zh" /></Form.Item></Col>
            <Col xs={24} md={12}><Form.Item name="titleEn" label={t('surveys.form.titleEn')} rules={[{ required: true, max: 200 }]}><Input data-testid="survey-title-en" /></Form.Item></Col>
            <Col xs={24} md={12}><Form.Item name="introZh" label={t('surveys.form.introZh')} rules={[{ max: 2000 }]}><Input.TextArea autoSize={{ minRows: 2 }} /></Form.Item></Col>
            <Col xs={24} md={12}><Form.Item name="introEn" label={t('surveys.form.introEn')} rules={[{ max: 2000 }]}><Input.TextArea autoSize={{ minRows: 2 }} /></Form.Item></Col>
            <Col xs={24} md={8}>
              <Form.Item name="status" label={t('surveys.form.status')}>
                <Select data-testid="survey-status" options={(['draft', 'open', 'closed'] as const).map((s) => ({ value: s, label: t(`surveys.status.${s}`) }))} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Typography.Title level={5}>{t('surveys.form.questions')}</Typography.Title>
        {locked && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('surveys.form.fixed')} />}
        <Form.List name="questions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Card key={f.key} size="small" style={{ marginBottom: 12 }} title={`${i + 1}.`} data-testid={`survey-question-${i}`}
                  extra={!locked && fields.length > 1 && <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('surveys.form.remove')} />}>
                  <Row gutter={12}>
                    <Col xs={24} md={8}>
                      <Form.Item name={[f.name, 'type']} label={t('surveys.form.type')}>
                        <Select disabled={locked} options={QUESTION_TYPES.map((q) => ({ value: q, label: t(`surveys.types.${q}`) }))} data-testid={`survey-question-type-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={4}><Form.Item name={[f.name, 'required']} label={t('surveys.form.required')} valuePropName="checked"><Switch disabled={locked} /></Form.Item></Col>
                    <Col xs={24} md={12} />
                    <Col xs={24} md={12}><Form.Item name={[f.name, 'labelZh']} label={t('surveys.form.labelZh')} rules={[{ required: true, max: 500 }]}><Input disabled={locked} data-testid={`survey-question-zh-${i}`} /></Form.Item></Col>
                    <Col xs={24} md={12}><Form.Item name={[f.name, 'labelEn']} label={t('surveys.form.labelEn')} rules={[{ required: true, max: 500 }]}><Input disabled={locked} data-testid={`survey-question-en-${i}`} /></Form.Item></Col>
                  </Row>
                  <Form.Item noStyle shouldUpdate>
                    {() => (['single', 'multiple'].includes(form.getFieldValue(['questions', f.name, 'type'])) ? <Options name={f.name} locked={locked} /> : null)}
                  </Form.Item>
                </Card>
              ))}
              {!locked && <Button icon={<PlusOutlined />} onClick={() => add({ type: 'rating', required: false, labelZh: '', labelEn: '', options: [] })} data-testid="survey-add-question">{t('surveys.form.addQuestion')}</Button>}
            </>
          )}
        </Form.List>
        <Space style={{ marginTop: 20 }}>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="survey-save">{t('surveys.form.save')}</Button>
          <Button onClick={() => navigate('/service/surveys')}>{t('surveys.form.cancel')}</Button>
        </Space>
      </Form>
    </div>
  );
}

function Options({ name, locked }: { name: number; locked: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.List name={[name, 'options']} rules={[{ validator: async (_, v) => { if ((v?.length ?? 0) < 2) throw new Error(t('surveys.form.needOptions')); } }]}>
      {(fields, { add, remove }, { errors }) => (
        <>
          <Typography.Text type="secondary">{t('surveys.form.options')}</Typography.Text>
          {fields.map((f) => (
            <Space key={f.key} align="start" wrap style={{ display: 'flex', marginTop: 6 }}>
              <Form.Item name={[f.name, 'zh']} rules={[{ required: true, max: 200 }]} style={{ marginBottom: 0 }}><Input placeholder={t('surveys.form.optionZh')} disabled={locked} /></Form.Item>
              <Form.Item name={[f.name, 'en']} rules={[{ required: true, max: 200 }]} style={{ marginBottom: 0 }}><Input placeholder={t('surveys.form.optionEn')} disabled={locked} /></Form.Item>
              {!locked && <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('surveys.form.remove')} />}
            </Space>
          ))}
          {!locked && <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ zh: '', en: '' })} style={{ marginTop: 8 }}>{t('surveys.form.addOption')}</Button>}
          <Form.ErrorList errors={errors} />
        </>
      )}
    </Form.List>
  );
}
