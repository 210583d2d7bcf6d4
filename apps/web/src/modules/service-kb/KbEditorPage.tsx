import { Alert, App, Button, Card, Form, Input, Segmented, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { fieldOf, useObjectMeta } from '../../api/meta';
import { useRecordDetail, useSaveRecord, type RecordData } from '../../api/records';
import { useLabel } from '../../i18n';
import { applyServerErrors } from '../../engine/formErrors';
import { useDebounced } from '../../shell/useDebounced';
import { PageLoading } from '../../shell/PageLoading';
import { kbApi } from './api';
import { KbVersions } from './KbVersions';

const SELECTS = ['category', 'visibility', 'status', 'language'] as const;
type Values = { title: string; slug?: string; body?: string; tags?: string[] } & Partial<Record<(typeof SELECTS)[number], string>>;

/** Write an article in Markdown with a live preview rendered (and sanitised) by the server, as the help centre shows it. */
export default function KbEditorPage() {
  const { id } = useParams();
  const detail = useRecordDetail('kb_articles', id ?? '');
  if (id && detail.isLoading) return <PageLoading />;
  if (id && detail.error) return <Alert type="error" message={detail.error.message} />;
  return <Editor key={id ?? 'new'} record={id ? detail.data?.data : undefined} />;
}

function Editor({ record }: { record?: RecordData }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const meta = useObjectMeta('kb_articles');
  const save = useSaveRecord('kb_articles');
  const [form] = Form.useForm<Values>();
  const [mode, setMode] = useState<'write' | 'preview' | 'both'>('both');
  const body = Form.useWatch('body', form) ?? '';
  const debounced = useDebounced(body, 400);
  const [html, setHtml] = useState('');
  useEffect(() => {
    let live = true;
    kbApi.preview(debounced).then((r) => live && setHtml(r.data.html), () => undefined);
    return () => void (live = false);
  }, [debounced]);

  if (!meta) return <PageLoading />;
  const optionsOf = (name: string) => (fieldOf(meta, name)?.options ?? []).map((o) => ({ value: o.value, label: label(o.label) }));
  const initial: Values = record
    ? { title: String(record.title ?? ''), slug: (record.slug as string) ?? '', body: (record.body as string) ?? '', tags: (record.tags as string[]) ?? [], ...Object.fromEntries(SELECTS.map((k) => [k, record[k] ?? undefined])) }
    : { title: '', body: '', tags: [], visibility: 'public', status: 'draft', language: 'zh' };

  const submit = async (values: Values) => {
    try {
      const payload = { ...values, slug: values.slug?.trim() || null, category: values.category ?? null };
      const saved = await save.mutateAsync({ id: record?.id, values: payload, version: record?.version });
      message.success(t('kb.saved'));
      navigate(`/kb/${saved.data.id}/edit`, { replace: true });
    } catch (e) {
      applyServerErrors(form, e, message, t);
    }
  };

  const showWrite = mode !== 'preview';
  const showPreview = mode !== 'write';
  return (
    <div className="kb-editor" data-testid="kb-editor">
      <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{record ? t('kb.editTitle') : t('kb.newTitle')}</Typography.Title>
        <Space wrap>
          {record && <Link to={`/o/kb_articles/${record.id}`}>{t('kb.openRecord')}</Link>}
          {record?.status === 'published' && record.visibility === 'public' && <a href={`/help/articles/${record.slug}`} target="_blank" rel="noreferrer" data-testid="kb-open-help">{t('kb.openHelp')}</a>}
        </Space>
      </Space>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        <Card size="small" style={{ marginBottom: 12 }}>
          <Form.Item name="title" label={label(fieldOf(meta, 'title')!.label)} rules={[{ required: true, message: t('kb.titleRequired') }]}>
            <Input maxLength={200} data-testid="kb-title" />
          </Form.Item>
          <div className="kb-editor-grid">
            {SELECTS.map((name) => (
              <Form.Item key={name} name={name} label={label(fieldOf(meta, name)!.label)}>
                <Select allowClear={name === 'category'} options={optionsOf(name)} data-testid={`kb-${name}`} />
              </Form.Item>
            ))}
            <Form.Item name="slug" label={label(fieldOf(meta, 'slug')!.label)} extra={t('kb.slugHint')}>
              <Input maxLength={120} data-testid="kb-slug" />
            </Form.Item>
            <Form.Item name="tags" label={label(fieldOf(meta, 'tags')!.label)}>
              <Select mode="tags" tokenSeparators={[',', '，']} open={false} data-testid="kb-tags" />
            </Form.Item>
          </div>
        </Card>
        <Card size="small" title={label(fieldOf(meta, 'body')!.label)} extra={<Segmented size="small" value={mode} onChange={setMode} options={[{ value: 'write', label: t('kb.write') }, { value: 'preview', label: t('kb.preview') }, { value: 'both', label: t('kb.both') }]} />}>
          <div className={`kb-editor-panes kb-editor-${mode}`}>
            <Form.Item name="body" noStyle>
              <Input.TextArea className="kb-editor-source" autoSize={{ minRows: 14, maxRows: 40 }} placeholder={t('kb.bodyPlaceholder')} style={{ display: showWrite ? undefined : 'none' }} data-testid="kb-body" />
            </Form.Item>
            {showPreview && (html ? <div className="kb-preview" data-testid="kb-preview" dangerouslySetInnerHTML={{ __html: html }} /> : <Typography.Text type="secondary" className="kb-preview">{t('kb.previewEmpty')}</Typography.Text>)}
          </div>
        </Card>
        <Space style={{ marginTop: 12 }}>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="kb-save">{t('kb.save')}</Button>
          <Button onClick={() => navigate('/o/kb_articles')}>{t('kb.backToList')}</Button>
        </Space>
      </Form>
      {record && <KbVersions articleId={record.id} onRestored={() => navigate(0)} />}
    </div>
  );
}
