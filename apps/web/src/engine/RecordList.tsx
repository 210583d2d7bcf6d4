import { CheckSquareOutlined, DeleteOutlined, PlusOutlined, ProjectOutlined, RestOutlined, UploadOutlined } from '@ant-design/icons';
import type { Filter } from '@crm/schema';
import { App, Button, Empty, Grid, Input, Popconfirm, Result, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { liveFields, useObjectMeta, type ObjectMeta } from '../api/meta';
import { useDeleteRecords, useRecordList, type RecordData } from '../api/records';
import type { SavedView } from '../api/views';
import { useLabel } from '../i18n';
import { ExportMenu } from '../modules/data-export/ExportMenu';
import { useDebounced } from '../shell/useDebounced';
import { BulkActions } from './list/BulkActions';
import { ColumnChooser } from './list/ColumnChooser';
import { buildColumns, parseSort } from './list/columns';
import { columnFields, defaultColumns, moduleColumns } from './list/defaults';
import { FilterBuilder } from './list/FilterBuilder';
import { ListActions } from './list/listActions';
import { fromFilter, toFilter, type FilterState } from './list/filterModel';
import { RecordCards } from './list/RecordCards';
import { RecycleBin } from './list/RecycleBin';
import { readUrlFilter } from './list/urlFilter';
import { SavedViews } from './list/SavedViews';
import { SegmentTag } from './list/SegmentTag';
import { URL_LIST_FILTERS } from './list/urlListFilters';
import { RecordForm } from './RecordForm';

/** /o/:object — the same list page for every object, built from its metadata. */
export function RecordList() {
  const { object = '' } = useParams();
  const meta = useObjectMeta(object);
  // A new ?filter= (a click-through from a chart) starts the list afresh with that filter.
  const [search] = useSearchParams();
  const urlFilter = search.get('filter');
  // ?segment=<id>: only the segment's members (the server's named list filter).
  const segment = search.get('segment');
  // Other named filters a module registered (?sla=…).
  const extraNamed = Object.fromEntries(URL_LIST_FILTERS.map((f) => [f.name, search.get(f.name)]).filter(([, v]) => v)) as Record<string, string>;
  const extraKey = JSON.stringify(extraNamed);
  const { t } = useTranslation();
  // The shell loads metadata before rendering pages, so a missing object is really unknown (or not readable).
  if (!meta) return <Result status="404" title={t('error.noObject')} />;
  return <ObjectList key={`${object}:${urlFilter ?? ''}:${segment ?? ''}:${extraKey}`} meta={meta} urlFilter={urlFilter} segment={segment} extraNamed={extraNamed} />;
}

function ObjectList({ meta, urlFilter, segment, extraNamed }: { meta: ObjectMeta; urlFilter: string | null; segment: string | null; extraNamed: Record<string, string> }) {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const fields = useMemo(() => liveFields(meta), [meta]);
  const choosable = useMemo(() => columnFields(fields), [fields]);

  const [columns, setColumns] = useState<string[]>(() => defaultColumns(meta, fields));
  const [fromUrl] = useState(() => readUrlFilter(urlFilter, fields));
  const [filterState, setFilterState] = useState<FilterState>(fromUrl.state);
  // A linked filter the builder cannot show (nested groups): applied until the user removes it.
  const [pinned, setPinned] = useState<Filter | undefined>(fromUrl.pinned);
  const [sort, setSort] = useState<string | undefined>(undefined);
  const [text, setText] = useState('');
  const q = useDebounced(text, 300);
  const [pageSize, setPageSize] = useState(50);
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [viewId, setViewId] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  // Phones: cards have no checkboxes until select mode (选择, or a long press on a card).
  const [selecting, setSelecting] = useState(false);
  const [creating, setCreating] = useState(false);
  const [bin, setBin] = useState(false);

  const filter: Filter | undefined = useMemo(() => {
    const built = toFilter(filterState, fields);
    return pinned && built ? { and: [pinned, built] } : (pinned ?? built);
  }, [filterState, fields, pinned]);
  const shown = fields.filter((f) => f.name === meta.titleField || columns.includes(f.name));
  // Phone cards: subtitle fields plus the status-like select, if the object has one, and columns modules add.
  const cardFields = fields.filter((f) => meta.subtitleFields.includes(f.name) || (f.name === 'status' && f.type === 'select') || moduleColumns(meta.name).includes(f.name));
  const requested = [...new Set([meta.titleField, ...shown.map((f) => f.name), ...meta.subtitleFields])];
  const page = cursors.length - 1;
  // Any change of what is listed starts again at the first page.
  const resetPaging = () => { setCursors([undefined]); setSelected([]); };
  const selectable = meta.access.delete !== 'none' || meta.access.update !== 'none';
  const endSelecting = () => { setSelecting(false); setSelected([]); };

  const list = useRecordList(meta.name, { filter, sort, q: meta.searchable ? q : undefined, limit: pageSize, cursor: cursors[page], fields: requested, count: true, named: segment || Object.keys(extraNamed).length ? { ...extraNamed, ...(segment ? { segment } : {}) } : undefined });
  const listView = { filter, q: meta.searchable && q ? q : undefined, segment: segment ?? undefined, total: list.data?.total };
  const remove = useDeleteRecords(meta.name);
  const records = list.data?.data ?? [];

  const applyView = (view: SavedView | null) => {
    setViewId(view?.id ?? null);
    setColumns(view?.config.columns?.length ? view.config.columns : defaultColumns(meta, fields));
    setFilterState(fromFilter(view?.config.filter, fields));
    setPinned(undefined);
    setSort(view?.config.sort);
    resetPaging();
  };

  const sortState = parseSort(sort);

  if (bin) return <RecycleBin meta={meta} onClose={() => setBin(false)} />;

  const bulkDelete = selected.length > 0 && meta.access.delete !== 'none' && (
    <Popconfirm title={t('list.bulkDeleteConfirm', { count: selected.length })} okText={t('common.delete')} cancelText={t('common.cancel')}
      onConfirm={async () => {
        try {
          await remove.mutateAsync(selected);
          message.success(t('list.deleted', { count: selected.length }));
          endSelecting();
        } catch (e) { message.error((e as Error).message); }
      }}>
      <Button danger icon={<DeleteOutlined />} data-testid="bulk-delete">{phone ? t('common.delete') : t('list.bulkDelete', { count: selected.length })}</Button>
    </Popconfirm>
  );

  return (
    <div className="crm-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="list-title">
          {label(meta.pluralLabel)}
        </Typography.Title>
        {list.data?.total !== undefined && <Typography.Text type="secondary" data-testid="list-total">{t('list.total', { count: list.data.total })}</Typography.Text>}
        {meta.name === 'deals' && (
          <Segmented size="small" value="list" onChange={(v) => v === 'board' && navigate('/deals/board')}
            options={[{ value: 'list', label: t('deals.listView') }, { value: 'board', label: t('deals.boardView'), icon: <ProjectOutlined /> }]} data-testid="deals-view-toggle" />
        )}
        <div style={{ flex: 1 }} />
        {meta.access.create !== 'none' && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="record-new">
            {t('list.new', { object: label(meta.label) })}
          </Button>
        )}
      </div>

      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        {meta.searchable && (
          <Input.Search allowClear style={{ width: phone ? '100%' : 240 }} placeholder={t('list.searchPlaceholder')} value={text}
            onChange={(e) => { setText(e.target.value); resetPaging(); }} data-testid="list-search" />
        )}
        {pinned && (
          <Tag closable color="blue" style={{ alignSelf: 'center', marginInlineEnd: 0 }} onClose={() => { setPinned(undefined); resetPaging(); }} data-testid="list-linked-filter">
            {t('list.linkedFilter')}
          </Tag>
        )}
        {segment && <SegmentTag id={segment} />}
        {URL_LIST_FILTERS.filter((f) => extraNamed[f.name]).map((f) => <f.Tag key={f.name} value={extraNamed[f.name]} />)}
        <FilterBuilder fields={fields} value={filterState} phone={phone} onChange={(s) => { setFilterState(s); resetPaging(); }} />
        {!phone && <ColumnChooser fields={choosable} value={columns} titleField={meta.titleField} onChange={setColumns} />}
        <SavedViews object={meta.name} activeId={viewId} onApply={applyView} current={{ columns, filter, sort }} />
        <div style={{ flex: 1 }} />
        <ListActions meta={meta} selected={selected} view={listView} compact={phone} />
        {!phone && <BulkActions meta={meta} selected={selected} onDone={() => setSelected([])} />}
        {!phone && bulkDelete}
        {phone && selectable && !selecting && records.length > 0 && (
          <Button icon={<CheckSquareOutlined />} onClick={() => setSelecting(true)} data-testid="list-select-mode">{t('bulk.select')}</Button>
        )}
        {meta.access.create !== 'none' && <Button icon={<UploadOutlined />} onClick={() => navigate(`/o/${meta.name}/import`)} data-testid="import-open">{t('dataImport.button')}</Button>}
        <ExportMenu meta={meta} view={{ filter, sort, q, segment, columns: shown.map((f) => f.name), selected }} />
        {meta.access.delete !== 'none' && <Button icon={<RestOutlined />} onClick={() => setBin(true)} data-testid="recycle-bin">{t('list.recycleBin')}</Button>}
      </div>

      {list.error ? (
        <Result status="warning" title={t('error.loadFailed')} subTitle={list.error.message} />
      ) : !list.isLoading && !records.length ? (
        <Empty description={q || filter ? t('list.noMatch') : t('list.empty', { object: label(meta.label) })} data-testid="list-empty">
          {!q && !filter && meta.access.create !== 'none' && <Button type="primary" onClick={() => setCreating(true)}>{t('list.new', { object: label(meta.label) })}</Button>}
        </Empty>
      ) : phone ? (
        <RecordCards meta={meta} records={records} extraFields={cardFields} selection={selectable ? {
          active: selecting, ids: selected, onChange: setSelected,
          onLongPress: (id) => { setSelecting(true); setSelected((ids) => (ids.includes(id) ? ids : [...ids, id])); },
        } : undefined} />
      ) : (
        <Table<RecordData>
          className="crm-table"
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={records}
          columns={buildColumns(meta, shown, sortState, label)}
          pagination={false}
          scroll={{ x: 'max-content' }}
          tableLayout="fixed"
          rowSelection={meta.access.delete !== 'none' || meta.access.update !== 'none' ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), fixed: true } : undefined}
          onChange={(_p, _f, sorter) => {
            const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<RecordData>;
            setSort(s?.order ? `${s.order === 'descend' ? '-' : ''}${String(s.columnKey)}` : undefined);
            resetPaging();
          }}
        />
      )}

      {records.length > 0 && (
        <div style={{ display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 8, marginTop: 12, flexWrap: 'wrap' }} data-testid="pager">
          <Typography.Text type="secondary">{t('list.page', { page: page + 1 })}</Typography.Text>
          <Button disabled={page === 0} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="page-prev">{t('list.prev')}</Button>
          <Button disabled={!list.data?.nextCursor} onClick={() => setCursors((c) => [...c, list.data!.nextCursor!])} data-testid="page-next">{t('list.next')}</Button>
          <Segmented size="small" value={pageSize} onChange={(v) => { setPageSize(Number(v)); resetPaging(); }} options={[20, 50, 100].map((n) => ({ value: n, label: t('list.perPage', { n }) }))} />
        </div>
      )}

      {phone && selecting && (
        <div className="crm-select-bar" data-testid="phone-select-bar">
          <Typography.Text strong data-testid="phone-selected-count">{t('bulk.selected', { count: selected.length })}</Typography.Text>
          <Button size="small" type="link" onClick={() => setSelected(selected.length === records.length ? [] : records.map((r) => r.id))} data-testid="phone-select-all">
            {selected.length === records.length ? t('bulk.selectNone') : t('bulk.selectAll')}
          </Button>
          <div style={{ flex: 1 }} />
          <BulkActions meta={meta} selected={selected} onDone={endSelecting} compact />
          {bulkDelete}
          <Button onClick={endSelecting} data-testid="phone-select-done">{t('bulk.finish')}</Button>
        </div>
      )}

      <RecordForm meta={meta} open={creating} onClose={() => setCreating(false)} onSaved={(r) => navigate(`/o/${meta.name}/${r.id}`)} />
    </div>
  );
}
