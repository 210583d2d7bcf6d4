import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { DetailExtensionProps } from '../../engine/detailExtensions';

/** The article's detail page links to the Markdown editor (with preview and versions). */
export function KbArticleActions({ meta, record }: DetailExtensionProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (meta.access.update === 'none') return null;
  return <Button onClick={() => navigate(`/kb/${record.id}/edit`)} data-testid="kb-edit">{t('kb.openEditor')}</Button>;
}
