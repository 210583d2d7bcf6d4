import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useObjects } from '../api/meta';
import { useGlobalSearch } from '../api/records';
import { useLabel } from '../i18n';
import { useDebounced } from './useDebounced';

/** The server stringifies object values (currency) in subtitles as "[object Object]"; drop those parts. */
const cleanSubtitle = (s: string) => s.split(' · ').filter((part) => part !== '[object Object]').join(' · ');

/** Header search across all searchable objects; results grouped by object, Enter/click opens the record. */
export function GlobalSearch({ width = 320 }: { width?: number | string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const { data: hits = [], isFetching } = useGlobalSearch(q);
  const { data: objects = [] } = useObjects();

  const groups = objects
    .map((o) => ({ object: o, hits: hits.filter((h) => h.object === o.name) }))
    .filter((g) => g.hits.length);
  const options = groups.map((g) => ({
    label: <Typography.Text type="secondary">{label(g.object.pluralLabel)}</Typography.Text>,
    options: g.hits.map((h) => ({ ...h, subtitle: cleanSubtitle(h.subtitle) })).map((h) => ({
      value: `${h.object}/${h.id}`,
      label: (
        <div data-testid="search-hit" style={{ display: 'flex', gap: 8, minWidth: 0 }}>
          <span className="crm-ellipsis">{h.title}</span>
          {h.subtitle && (
            <Typography.Text type="secondary" className="crm-ellipsis" style={{ flex: 1 }}>
              {h.subtitle}
            </Typography.Text>
          )}
        </div>
      ),
    })),
  }));

  return (
    <AutoComplete
      style={{ width }}
      value={text}
      options={options}
      onChange={setText}
      onSelect={(value: string) => {
        setText('');
        navigate(`/o/${value}`);
      }}
      notFoundContent={q && !isFetching ? t('search.none') : null}
      popupMatchSelectWidth={Math.max(typeof width === 'number' ? width : 320, 360)}
    >
      <Input prefix={<SearchOutlined />} placeholder={t('search.placeholder')} allowClear data-testid="global-search" />
    </AutoComplete>
  );
}
