import { CloudDownloadOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, InputNumber, Space, Switch, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { formatDateTime } from '../../engine/fields/format';
import { useBackUpNow, useBackups, useSaveBackupSettings, type BackupFile, type BackupSettings as Settings } from './useBackups';

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** Settings → 备份: back up now, download archives, and the schedule with its retention. */
export function BackupSettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const backups = useBackups();
  const now = useBackUpNow();
  const save = useSaveBackupSettings();
  const [form] = Form.useForm<Settings>();
  const settings = backups.data?.settings;
  useEffect(() => {
    if (settings) form.setFieldsValue(settings);
  }, [settings, form]);

  const backUp = async () => {
    try {
      const res = (await now.mutateAsync(undefined)) as { data: BackupFile };
      message.success(t('backup.done', { name: res.data.name }));
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const submit = async (values: Settings) => {
    try {
      await save.mutateAsync({ ...values, folder: values.folder || null });
      message.success(t('backup.saved'));
    } catch (e) {
      if (e instanceof ApiError) form.setFields(e.details.map((d) => ({ name: d.path as keyof Settings, errors: [d.message] })));
      else message.error((e as Error).message);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('backup.files')} extra={<Button type="primary" icon={<CloudDownloadOutlined />} loading={now.isPending} onClick={backUp} data-testid="backup-now">{t('backup.now')}</Button>}>
        <Typography.Paragraph type="secondary" style={{ wordBreak: 'break-all' }}>{t('backup.folderIs', { folder: backups.data?.folder ?? '…' })}</Typography.Paragraph>
        <Table<BackupFile>
          rowKey="name"
          size="small"
          loading={backups.isLoading}
          dataSource={backups.data?.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('backup.none')} /> }}
          columns={[
            { key: 'name', title: t('backup.name'), render: (_, f) => <a href={`/api/v1/admin/backups/${f.name}`} download data-testid="backup-file">{f.name}</a> },
            { key: 'at', title: t('backup.createdAt'), render: (_, f) => formatDateTime(f.createdAt) },
            { key: 'size', title: t('backup.size'), align: 'right', render: (_, f) => size(f.size) },
          ]}
        />
      </Card>
      <Card title={t('backup.schedule')}>
        <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 520 }} initialValues={{ enabled: false, cron: '0 3 * * *', folder: null, keep: 7 }}>
          <Form.Item name="enabled" label={t('backup.enabled')} valuePropName="checked">
            <Switch data-testid="backup-enabled" />
          </Form.Item>
          <Form.Item name="cron" label={t('backup.cron')} extra={t('backup.cronHelp')} rules={[{ required: true }]}>
            <Input style={{ fontFamily: 'monospace' }} data-testid="backup-cron" />
          </Form.Item>
          <Form.Item name="folder" label={t('backup.folder')} extra={t('backup.folderHelp')}>
            <Input placeholder={backups.data?.folder} allowClear data-testid="backup-folder" />
          </Form.Item>
          <Form.Item name="keep" label={t('backup.keep')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1000} addonAfter={t('backup.copies')} data-testid="backup-keep" />
          </Form.Item>
          {backups.data?.nextRun && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('backup.nextRun', { at: formatDateTime(backups.data.nextRun) })} />}
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} data-testid="backup-save">{t('common.save')}</Button>
        </Form>
      </Card>
      <Alert type="warning" showIcon message={t('backup.restoreTitle')} description={<span>{t('backup.restoreHelp')} <Typography.Text code>npm run crm -- restore FILE</Typography.Text></span>} />
    </Space>
  );
}
