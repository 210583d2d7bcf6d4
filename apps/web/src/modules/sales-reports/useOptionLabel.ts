import { useTranslation } from 'react-i18next';
import { useObjectMeta } from '../../api/meta';
import { useLabel } from '../../i18n';

function useOptions(object: string, field: string) {
  return useObjectMeta(object)?.fields.find((f) => f.name === field)?.options ?? [];
}

/** The label of a select field's option in the current language (the value itself if unknown). */
export function useOptionLabel(object: string, field: string) {
  const options = useOptions(object, field);
  const label = useLabel();
  const { t } = useTranslation();
  return (value: string | null) => {
    if (value === null) return t('salesReports.none');
    const option = options.find((o) => o.value === value);
    return option ? label(option.label) : value;
  };
}

/** An option's position in its field (unknown and empty values last), to order stacks like the field. */
export function useOptionRank(object: string, field: string) {
  const options = useOptions(object, field);
  return (value: string | null) => {
    const i = options.findIndex((o) => o.value === value);
    return i < 0 ? options.length : i;
  };
}
