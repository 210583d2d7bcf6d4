import { App, Button, Input, Modal, Select, Space, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { applyTemplate, saveTemplate, useTemplates, type ImportWithPreview } from './api';

interface Props {
  object: string;
  importId: string;
  fileName: string;
  /** The import after a template was applied (mapping, values, constants and dedupe from the template). */
  onApplied(result: ImportWithPreview): void;
  /** Only the save button (after the values and constants are set). */
  saveOnly?: boolean;
}

/** Apply a saved template (columns found by header) or save this import's mapping and values as one. */
export function TemplateBar({ object, importId, fileName, onApplied, saveOnly }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const templates = useTemplates(object);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  const apply = async (templateId: string) => {
    setBusy(true);
    try {
      const res = await applyTemplate(importId, templateId);
      onApplied(res);
      if (res.unmatched.length) message.warning(t('dataImport.template.unmatched', { headers: res.unmatched.join('、') }));
      else message.success(t('dataImport.template.applied'));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    setBusy(true);
    try {
      await saveTemplate(importId, name.trim());
      await qc.invalidateQueries({ queryKey: ['import-templates', object] });
      message.success(t('dataImport.template.saved', { name: name.trim() }));
      setNaming(false);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space wrap data-testid="import-templates">
      {!saveOnly && <Select style={{ width: 220 }} placeholder={t('dataImport.template.apply')} value={null} loading={templates.isLoading || busy} disabled={!templates.data?.length}
        notFoundContent={t('dataImport.template.noneYet')} options={(templates.data ?? []).map((tp) => ({ value: tp.id, label: tp.name }))}
        onChange={(id: string) => void apply(id)} data-testid="template-apply" />}
      <Button onClick={() => { setName(fileName.replace(/\.[^.]+$/, '')); setNaming(true); }} data-testid="template-save">{t('dataImport.template.save')}</Button>
      <Modal open={naming} title={t('dataImport.template.save')} onCancel={() => setNaming(false)} onOk={() => void save()} okButtonProps={{ disabled: !name.trim(), loading: busy, 'data-testid': 'template-save-ok' } as ButtonProps}
        okText={t('dataImport.template.saveOk')} cancelText={t('common.cancel')} destroyOnHidden>
        <Input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder={t('dataImport.template.name')} data-testid="template-name" onPressEnter={() => name.trim() && void save()} />
        <div style={{ marginTop: 8, color: 'rgba(0,0,0,.45)' }}>{t('dataImport.template.saveHint')}</div>
      </Modal>
    </Space>
  );
}
