import { App, Button, Form, Modal, Popconfirm, Space, Table, type TableColumnsType } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get } from '../../../api/client';

interface Props<Row extends { id: string }, Values> {
  /** The collection route, e.g. /api/v1/service/sla-policies (items at `${path}/${id}`). */
  path: string;
  testId: string;
  columns: TableColumnsType<Row>;
  fields: React.ReactNode;
  toForm: (row: Row) => Values;
  toBody: (values: Values) => unknown;
  initial?: Partial<Values>;
}

/** A small settings table with add / edit (in a dialog) / delete against a service settings route. */
export function ConfigList<Row extends { id: string }, Values extends object>({ path, testId, columns, fields, toForm, toBody, initial }: Props<Row, Values>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const rows = useQuery({ queryKey: ['service', path], queryFn: async () => (await get<{ data: Row[] }>(path)).data });
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await client.invalidateQueries({ queryKey: ['service'] });
      return true;
    } catch (e) {
      message.error((e as Error).message);
      return false;
    }
  };
  const open = (row: Row | 'new') => {
    form.resetFields();
    form.setFieldsValue((row === 'new' ? initial ?? {} : toForm(row)) as never);
    setEditing(row);
  };
  const save = async () => {
    const values = await form.validateFields();
    const body = toBody(values);
    const done = await act(() => (editing === 'new' ? api('POST', path, body) : api('PUT', `${path}/${(editing as Row).id}`, body)));
    if (done) setEditing(null);
  };
  const actions: TableColumnsType<Row>[number] = {
    key: 'actions',
    width: 140,
    render: (_, row) => (
      <Space>
        <Button size="small" onClick={() => open(row)}>{t('service.settings.edit')}</Button>
        <Popconfirm title={t('service.settings.deleteConfirm')} onConfirm={() => void act(() => api('DELETE', `${path}/${row.id}`))}>
          <Button size="small" danger>{t('service.settings.delete')}</Button>
        </Popconfirm>
      </Space>
    ),
  };
  return (
    <div data-testid={testId}>
      <Button type="primary" onClick={() => open('new')} style={{ marginBottom: 12 }} data-testid={`${testId}-add`}>{t('service.settings.add')}</Button>
      <Table<Row> rowKey="id" size="small" loading={rows.isLoading} dataSource={rows.data ?? []} columns={[...columns, actions]} pagination={false} scroll={{ x: true }} locale={{ emptyText: t('service.settings.empty') }} />
      <Modal open={editing !== null} onCancel={() => setEditing(null)} onOk={() => void save()} okText={t('service.settings.save')} destroyOnHidden>
        <Form form={form} layout="vertical" style={{ marginTop: 24 }}>{fields}</Form>
      </Modal>
    </div>
  );
}
