import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRecordTitle } from '../../../api/titles';
import { useDropSearchParam } from '../../../engine/list/urlListFilters';

/** Each report figure and the list that holds its records (the server's ?campaign= filter). */
export const FIGURE_OBJECTS = { members: 'campaign_members', responses: 'campaign_members', leads: 'leads', deals: 'deals', won_first: 'deals', won_last: 'deals', cost: 'campaign_costs' } as const;
export type Figure = keyof typeof FIGURE_OBJECTS;

/** A figure's scope: one campaign (its id) or one channel within the report's period. */
export const campaignScope = (id: string) => id;
export const channelScope = (type: string, from?: string, to?: string) => `type:${type}:${from ?? ''}:${to ?? ''}`;

export const figurePath = (figure: Figure, scope: string) => `/o/${FIGURE_OBJECTS[figure]}?${new URLSearchParams({ campaign: `${figure}:${scope}` })}`;

/** A figure that opens its records; a figure the viewer may not see ('—') stays plain text. */
export function FigureLink({ figure, scope, shown, children }: { figure: Figure; scope: string; shown: boolean; children: ReactNode }) {
  if (!shown) return <>{children}</>;
  return <Link to={figurePath(figure, scope)} data-testid={`figure-${figure}`}>{children}</Link>;
}

/** The tag a list shows while narrowed to a report figure ("活动报表：线索 · 春季百度搜索推广"); closing it drops the filter. */
export function CampaignFigureTag({ value }: { value: string }) {
  const { t } = useTranslation();
  const [figure, ...rest] = value.split(':');
  const byType = rest[0] === 'type';
  const title = useRecordTitle(byType ? undefined : 'campaigns', 'name', byType ? null : rest[0]).data;
  const period = byType && (rest[2] || rest[3]) ? ` (${rest[2] || '…'} ~ ${rest[3] || '…'})` : '';
  const scope = byType ? `${t(`campaigns.types.${rest[1]}`, { defaultValue: rest[1] })}${period}` : (title ?? t('campaigns.campaign'));
  const drop = useDropSearchParam('campaign');
  return (
    <Tag closable color="geekblue" style={{ alignSelf: 'center', marginInlineEnd: 0, maxWidth: 320, overflow: 'hidden', textOverflow: 'ellipsis' }} onClose={drop} data-testid="list-campaign-filter">
      {t('campaigns.figureFilter', { figure: t(`campaigns.figure.${figure}`, { defaultValue: figure }), scope })}
    </Tag>
  );
}
