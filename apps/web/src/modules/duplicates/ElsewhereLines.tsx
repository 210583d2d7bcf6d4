import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n';
import type { OwnedElsewhere } from './api';

/**
 * 撞单: records the user may not open, one line each: "已存在，负责人：X" with the matching rule.
 * The server tells nothing else about them, so there is no link.
 */
export function ElsewhereLines({ elsewhere }: { elsewhere: OwnedElsewhere[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  return (
    <>
      {elsewhere.map((e, i) => (
        <div key={i} style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center', minWidth: 0 }} data-testid="duplicate-elsewhere">
          <Typography.Text type={e.block ? 'danger' : undefined}>
            {e.owner ? t('duplicates.elsewhere.owned', { owner: e.owner }) : t('duplicates.elsewhere.pool')}
          </Typography.Text>
          {e.matches.map((m) => (
            <Tag key={m.rule} color="red" style={{ marginInlineEnd: 4, whiteSpace: 'normal' }}>
              {label(m.label)}
            </Tag>
          ))}
        </div>
      ))}
    </>
  );
}
