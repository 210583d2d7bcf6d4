import type { Filter } from '@crm/schema';
import type { ComponentType } from 'react';
import type { ObjectMeta } from '../../api/meta';

/** What the list shows right now: a list action works on the selected rows, else on all of these. */
export interface ListView {
  filter?: Filter;
  q?: string;
  segment?: string;
  total?: number;
}

export interface ListActionProps {
  meta: ObjectMeta;
  selected: string[];
  view: ListView;
  compact?: boolean;
}

/** How a module adds a button to some objects' list toolbar (e.g. 发送调查 on contacts) without the engine knowing it. */
export interface ListAction {
  key: string;
  objects: string[];
  Action: ComponentType<ListActionProps>;
}

const actions: ListAction[] = [];

export function registerListAction(action: ListAction) {
  if (!actions.some((a) => a.key === action.key)) actions.push(action);
}

export function ListActions(props: ListActionProps) {
  return actions.filter((a) => a.objects.includes(props.meta.name)).map(({ key, Action }) => <Action key={key} {...props} />);
}
