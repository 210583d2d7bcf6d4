import { PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Upload, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';

export const MAX_FILES = 10;
const MAX_BYTES = 10 * 1024 * 1024; // the server's limit per file

export interface OutgoingFile {
  filename: string;
  contentType: string;
  contentBase64: string;
}

/** Reads picked files for the message body (the reply API takes them inline as base64). */
export async function encodeFiles(files: UploadFile[]): Promise<OutgoingFile[]> {
  return Promise.all(
    files.map(async (f) => {
      const bytes = new Uint8Array(await (f.originFileObj as File).arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { filename: f.name, contentType: f.type || 'application/octet-stream', contentBase64: btoa(binary) };
    }),
  );
}

/** 添加附件: files stay in the browser until the message is sent. */
export function AttachmentPicker({ files, onChange }: { files: UploadFile[]; onChange: (f: UploadFile[]) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <Upload
      multiple
      fileList={files}
      beforeUpload={(file) => {
        if (file.size > MAX_BYTES) {
          message.error(t('service.attachTooBig', { name: file.name }));
          return Upload.LIST_IGNORE;
        }
        return false;
      }}
      onChange={({ fileList }) => onChange(fileList.slice(0, MAX_FILES))}
      className="service-composer-files"
    >
      <Button size="small" icon={<PaperClipOutlined />} disabled={files.length >= MAX_FILES} data-testid="composer-attach">{t('service.attach')}</Button>
    </Upload>
  );
}
