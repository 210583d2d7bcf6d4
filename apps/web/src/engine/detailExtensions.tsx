import type { ComponentType } from 'react';
import type { ObjectMeta } from '../api/meta';
import type { RecordData } from '../api/records';

export interface DetailExtensionProps {
  meta: ObjectMeta;
  record: RecordData;
}

/**
 * How a module adds to the detail page of some objects without the engine knowing it: buttons in
 * the header ('actions'), a panel above the fields ('main') or at the top of the side column ('side').
 */
export interface DetailExtension {
  key: string;
  objects: string[];
  placement: 'actions' | 'main' | 'side';
  Panel: ComponentType<DetailExtensionProps>;
}

const extensions: DetailExtension[] = [];

export function registerDetailExtension(extension: DetailExtension) {
  if (!extensions.some((e) => e.key === extension.key)) extensions.push(extension);
}

export function DetailExtensions({ placement, meta, record }: DetailExtensionProps & { placement: DetailExtension['placement'] }) {
  return extensions
    .filter((e) => e.placement === placement && e.objects.includes(meta.name))
    .map(({ key, Panel }) => <Panel key={key} meta={meta} record={record} />);
}
