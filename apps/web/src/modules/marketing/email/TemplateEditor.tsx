import { EditOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Segmented, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patch } from '../../../api/client';
import { useInvalidateRecords, type RecordData } from '../../../api/records';
import type { DetailExtensionProps } from '../../../engine/detailExtensions';
import type { TemplateContent } from './api';
import { TemplatePreview } from './TemplatePanel';
import { useDebounced } from '../../../shell/useDebounced';

const contentOf = (r: RecordData): TemplateContent => ({ subject_zh: String(r.subject_zh ?? ''), body_zh: String(r.body_zh ?? ''), subject_en: (r.subject_en as string) ?? '', body_en: (r.body_en as string) ?? '' });

/**
 * A template's HTML editor beside its live preview: edits render as the chosen contact would get
 * them (debounced), and Save stores them (the server sanitises what it stores).
 */
export function TemplateEditorPanel({ meta, record }: DetailExtensionProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateRecords();
  const [content, setContent] = useState<TemplateContent>(() => contentOf(record));
  const [lang, setLang] = useState<'zh' | 'en'>('zh');
  const [saving, setSaving] = useState(false);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a saved version resets the editor, a refetch of the same one does not
  useEffect(() => setContent(contentOf(record)), [record.id, record.version]);
  const shown = useDebounced(content, 400);
  const editable = meta.access.update !== 'none';
  const key = (base: 'subject' | 'body') => `${base}_${lang}` as keyof TemplateContent;
  const save = async () => {
    setSaving(true);
    try {
      await patch(`/api/v1/marketing_templates/${record.id}`, content);
      message.success(t('marketingEmail.saved'));
      invalidate();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="em-editor" data-testid="template-editor">
      <Card size="small" title={<span><EditOutlined /> {t('marketingEmail.editor')}</span>}
        extra={editable && <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={save} data-testid="template-save">{t('marketingEmail.save')}</Button>}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Segmented value={lang} onChange={(v) => setLang(v as 'zh' | 'en')} options={[{ value: 'zh', label: '中文' }, { value: 'en', label: 'English' }]} />
          <Input addonBefore={t('marketingEmail.subject')} value={String(content[key('subject')] ?? '')} readOnly={!editable}
            onChange={(e) => setContent({ ...content, [key('subject')]: e.target.value })} data-testid="template-subject" />
          <Input.TextArea className="em-html" autoSize={{ minRows: 10, maxRows: 24 }} value={String(content[key('body')] ?? '')} readOnly={!editable}
            onChange={(e) => setContent({ ...content, [key('body')]: e.target.value })} data-testid="template-body" />
          <Typography.Text type="secondary">{t('marketingEmail.variablesHint')}</Typography.Text>
        </Space>
      </Card>
      <TemplatePreview content={shown} />
    </div>
  );
}
