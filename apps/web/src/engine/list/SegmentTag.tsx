import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDropSearchParam } from './urlListFilters';
import { useObjectMeta } from '../../api/meta';
import { useRecordTitle } from '../../api/titles';
import { useLabel } from '../../i18n';

/** The list is narrowed to a segment (?segment=<id>); closing the tag lists everything again. */
export function SegmentTag({ id }: { id: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const meta = useObjectMeta('segments');
  const title = useRecordTitle(meta?.name, meta?.titleField, id).data;
  const drop = useDropSearchParam('segment');
  return (
    <Tag closable color="purple" style={{ alignSelf: 'center', marginInlineEnd: 0, maxWidth: 280, overflow: 'hidden', textOverflow: 'ellipsis' }} onClose={drop} data-testid="list-segment-filter">
      {t('list.segmentFilter', { name: title ?? (meta ? label(meta.label) : id) })}
    </Tag>
  );
}
