import { InboxOutlined } from '@ant-design/icons';
import { Upload } from 'antd';
import { useTranslation } from 'react-i18next';

const ACCEPT = '.csv,.xlsx,.zip,text/csv,application/zip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Drop one file for the step-by-step wizard, or several files / a zip for an import of related files in order. */
export function UploadStep({ onFiles }: { onFiles(files: File[]): void }) {
  const { t } = useTranslation();
  return (
    <Upload.Dragger accept={ACCEPT} showUploadList={false} multiple data-testid="import-upload"
      // antd calls this once per file with the whole selection: the last call hands over all of them.
      beforeUpload={(file, list) => {
        if (file === list[list.length - 1]) onFiles(list as unknown as File[]);
        return Upload.LIST_IGNORE;
      }}>
      <p className="ant-upload-drag-icon"><InboxOutlined /></p>
      <p className="ant-upload-text">{t('dataImport.dropFile')}</p>
      <p className="ant-upload-hint">{t('dataImport.fileHint')}</p>
      <p className="ant-upload-hint">{t('dataImport.batch.dropHint')}</p>
    </Upload.Dragger>
  );
}
