import { fieldValueSchema, recordPayloadSchema } from '@crm/schema';
import { App, Button, Col, Collapse, Drawer, Form, Grid, Row, Space } from 'antd';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { editableFields, type Field, type ObjectMeta } from '../api/meta';
import { useSaveRecord, type RecordData } from '../api/records';
import { useLabel } from '../i18n';
import { FieldInput } from './fields';
import { formExtensions } from './formExtensions';
import { isBlank, sameValue } from './fields/types';
import { applyServerErrors, translateIssue, zodIssuesToFields } from './formErrors';

interface Props {
  meta: ObjectMeta;
  open: boolean;
  /** Edit this record; create a new one when absent. */
  record?: RecordData;
  /** Prefilled values for a new record (e.g. customer_id from a related list). */
  prefill?: Record<string, unknown>;
  onClose: () => void;
  onSaved?: (record: RecordData) => void;
  /** Asks the owner of the record to reload it after a version conflict. */
  onConflict?: () => void;
}

const WIDE_TYPES = new Set(['long_text', 'region', 'multi_select', 'tags']);
/** Fields shown folded under 高级 / Advanced. */
const ADVANCED = new Set(['external_id']);
/** Dropdowns of selects, date pickers and cascaders while shown (antd renders them in <body>). */
const OPEN_POPUP = ['select', 'picker', 'cascader'].map((p) => `.ant-${p}-dropdown:not(.ant-${p}-dropdown-hidden)`).join(', ');

/** Create/edit drawer generated from metadata, validated in the browser with the server's Zod builder. */
export function RecordForm({ meta, open, record, prefill, onClose, onSaved, onConflict }: Props) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm();
  const phone = Grid.useBreakpoint().md === false;
  const save = useSaveRecord(meta.name);
  const fields = useMemo(() => editableFields(meta), [meta]);
  const mode = record ? 'update' : 'create';
  const extensions = formExtensions();
  // Hooks in a fixed order: extensions are registered once, before any form renders.
  const beforeSaves = extensions.map((e) => e.useBeforeSave?.());

  const initial = useMemo(() => {
    if (record) return Object.fromEntries(fields.map((f) => [f.name, record[f.name] ?? null]));
    const defaults = Object.fromEntries(fields.filter((f) => f.defaultValue !== undefined).map((f) => [f.name, f.defaultValue]));
    return { ...defaults, ...prefill };
  }, [record, prefill, fields]);

  // Filled once each time the drawer opens. Not again while it is open: a parent re-rendering
  // (the window crossing a breakpoint, a list refetch) hands a new prefill object, and refilling
  // then would wipe what the user typed.
  const latestInitial = useRef(initial);
  latestInitial.current = initial;
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(latestInitial.current);
    }
  }, [open, form]);

  /** Closing a form with unsaved input asks first. */
  const requestClose = () => {
    if (!form.isFieldsTouched()) return onClose();
    modal.confirm({
      title: t('form.discardTitle'),
      content: t('form.discardBody'),
      okText: t('form.discard'),
      okButtonProps: { danger: true },
      cancelText: t('form.keepEditing'),
      onOk: onClose,
    });
  };

  /**
   * Esc closes an open picker (select, date) only; with none open it asks to close the form.
   * Enter in a date picker picks the date; it must not submit the form.
   */
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    if (e.key === 'Enter' && target.closest('.ant-picker')) {
      e.preventDefault();
      return;
    }
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    // The picker's own handler closes it; its popup is still in the DOM while this event bubbles.
    // A closed popup may stay in the DOM without the -hidden class (display: none), so only a shown one counts.
    const shownPopup = [...document.querySelectorAll<HTMLElement>(OPEN_POPUP)].some((el) => el.offsetParent !== null);
    if (target.getAttribute('aria-expanded') === 'true' || shownPopup) return;
    // Asked after this key event is done: antd closes the topmost dialog on Escape at the window,
    // and that would be the confirm this opens.
    e.stopPropagation();
    setTimeout(requestClose);
  };

  /** Per-field check as the user types: the same schema the server applies to this field. */
  const rulesFor = (field: Field) => [
    {
      validator: async (_: unknown, value: unknown) => {
        if (isBlank(value)) {
          if (field.required) throw new Error(t('validation.required'));
          return;
        }
        const result = fieldValueSchema(field).safeParse(value);
        if (!result.success) throw new Error(translateIssue(result.error.issues[0]?.message ?? '', t));
      },
    },
  ];

  const submit = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    const values = form.getFieldsValue(true) as Record<string, unknown>;
    const payload: Record<string, unknown> = {};
    for (const f of fields) {
      const v = isBlank(values[f.name]) ? null : values[f.name];
      if (record ? !sameValue(v, record[f.name]) : v !== null) payload[f.name] = v;
    }
    if (record && !Object.keys(payload).length) return onClose();
    const parsed = recordPayloadSchema(fields, mode).safeParse(payload);
    if (!parsed.success) {
      form.setFields(zodIssuesToFields(parsed.error, t));
      return;
    }
    for (const check of beforeSaves) {
      if (check && !(await check({ meta, values: payload, recordId: record?.id }))) return;
    }
    try {
      const { data } = await save.mutateAsync({ id: record?.id, values: payload, version: record?.version });
      message.success(record ? t('form.updated') : t('form.created'));
      onSaved?.(data);
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'version_conflict') {
        modal.confirm({
          title: t('form.conflictTitle'),
          content: t('form.conflictBody'),
          okText: t('form.reload'),
          cancelText: t('common.cancel'),
          onOk: () => {
            onClose();
            onConflict?.();
          },
        });
        return;
      }
      applyServerErrors(form, e, message, t);
    }
  };

  const title = record ? t('form.editTitle', { object: label(meta.label) }) : t('form.newTitle', { object: label(meta.label) });
  return (
    <Drawer
      open={open}
      onClose={requestClose}
      keyboard={false}
      title={title}
      size={phone ? '100%' : 720}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={requestClose} data-testid="form-cancel">{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={submit} data-testid="form-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <div onKeyDown={onKeyDown}>
      <Form form={form} layout="vertical" data-testid="record-form" onFinish={submit}>
        {extensions.map(({ key, Panel }) => Panel && <Panel key={key} meta={meta} form={form} recordId={record?.id} />)}
        <Row gutter={16}>
          {fields.filter((f) => !ADVANCED.has(f.name)).map((f) => (
            <Col key={f.name} span={phone || WIDE_TYPES.has(f.type) ? 24 : 12}>
              <Form.Item name={f.name} label={label(f.label)} required={f.required} rules={rulesFor(f)} data-testid={`field-${f.name}`}>
                <FieldInput field={f} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        {/* The external id (another system's id, set by imports) is rarely typed: folded away, kept in the form. */}
        <Collapse ghost size="small" data-testid="form-advanced" items={[{ key: 'advanced', forceRender: true, label: t('form.advanced'), children: fields.filter((f) => ADVANCED.has(f.name)).map((f) => (
          <Form.Item key={f.name} name={f.name} label={label(f.label)} extra={t('form.externalIdHint')} rules={rulesFor(f)} data-testid={`field-${f.name}`}>
            <FieldInput field={f} />
          </Form.Item>
        )) }]} />
        <button type="submit" hidden />
      </Form>
      </div>
    </Drawer>
  );
}
