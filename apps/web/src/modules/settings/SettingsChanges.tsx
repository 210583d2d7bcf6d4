import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n';
import { settingsChangeLines } from './settingsChangeText';

/** The values an audited settings change changed, one per line. */
export function SettingsChanges({ changes }: { changes: unknown }) {
  const { t } = useTranslation();
  const label = useLabel();
  return (
    <div data-testid="audit-settings">
      {settingsChangeLines(changes, t, label).map((line) => (
        <Typography.Paragraph key={line} style={{ margin: 0, wordBreak: 'break-word' }}>{line}</Typography.Paragraph>
      ))}
    </div>
  );
}
