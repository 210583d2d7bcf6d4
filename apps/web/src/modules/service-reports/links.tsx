import type { Filter, TicketLink } from '@crm/schema';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { listPath } from '../../engine/list/urlFilter';

/** The tickets list behind a figure: its filter, plus a named filter such as ?sla=fr_breached. */
export const ticketsPath = (link: TicketLink | Filter) => {
  const { filter, named } = 'filter' in link ? link : { filter: link, named: undefined };
  const path = listPath('tickets', filter);
  return named ? `${path}&${new URLSearchParams(named)}` : path;
};

/** The tag a tickets list shows while narrowed by ?sla=; closing it drops the filter. */
export function SlaTag({ value }: { value: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const drop = () => {
    const next = new URLSearchParams(search);
    next.delete('sla');
    setSearch(next);
  };
  return (
    <Tag closable color="orange" style={{ alignSelf: 'center', marginInlineEnd: 0 }} onClose={drop} data-testid="list-sla-filter">
      {t(`serviceReports.slaFilter.${value}`, { defaultValue: value })}
    </Tag>
  );
}
