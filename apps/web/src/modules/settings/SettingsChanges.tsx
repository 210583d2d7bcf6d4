import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useObjects } from '../../api/meta';
import { useLabel } from '../../i18n';
import { settingsChangeLines, type MetaNames } from './settingsChangeText';

/** The values an audited settings change changed, one per line. */
export function SettingsChanges({ changes }: { changes: unknown }) {
  const { t } = useTranslation();
  const label = useLabel();
  const objects = useObjects();
  const metaOf = (name: string) => objects.data?.find((o) => o.name === name);
  const names: MetaNames = {
    object: (name) => {
      const meta = metaOf(name);
      return meta ? label(meta.label) : name;
    },
    option: (object, field, value) => {
      const option = metaOf(object)?.fields.find((f) => f.name === field)?.options?.find((o) => o.value === value);
      return option ? label(option.label) : value;
    },
  };
  return (
    <div data-testid="audit-settings">
      {settingsChangeLines(changes, t, label, names).map((line) => (
        <Typography.Paragraph key={line} style={{ margin: 0, wordBreak: 'break-word' }}>{line}</Typography.Paragraph>
      ))}
    </div>
  );
}
