import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useObjects } from '../../api/meta';
import { useLabel } from '../../i18n';
import { settingsChangeLines } from './settingsChangeText';

/** The values an audited settings change changed, one per line. */
export function SettingsChanges({ changes }: { changes: unknown }) {
  const { t } = useTranslation();
  const label = useLabel();
  const objects = useObjects();
  const objectName = (name: string) => {
    const meta = objects.data?.find((o) => o.name === name);
    return meta ? label(meta.label) : name;
  };
  return (
    <div data-testid="audit-settings">
      {settingsChangeLines(changes, t, label, objectName).map((line) => (
        <Typography.Paragraph key={line} style={{ margin: 0, wordBreak: 'break-word' }}>{line}</Typography.Paragraph>
      ))}
    </div>
  );
}
