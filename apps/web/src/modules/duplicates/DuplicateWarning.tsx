import { type ButtonProps, App, Alert, Form, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/meta';
import type { BeforeSave, FormExtensionProps } from '../../engine/formExtensions';
import { useLabel } from '../../i18n';
import { checkDuplicates, checkKey, useDuplicateCheck, useDuplicateRules, type DuplicateRule, type LikelyDuplicate, type OwnedElsewhere } from './api';
import { ElsewhereLines } from './ElsewhereLines';
import { MatchTags } from './MatchTags';

const DEBOUNCE_MS = 400;
const isBlank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length);

/** The values the object's enabled rules read, blanks left out (what a check sends). */
function ruleValues(rules: DuplicateRule[], values: Record<string, unknown>) {
  const fields = [...new Set(rules.flatMap((r) => r.fields))].sort();
  return Object.fromEntries(fields.filter((f) => !isBlank(values[f])).map((f) => [f, values[f]]));
}

function enabledRules(data: { object: string; rules: DuplicateRule[] }[] | undefined, object: string) {
  return data?.find((o) => o.object === object)?.rules.filter((r) => r.enabled) ?? [];
}

/** Likely duplicates of what is being typed, with links that open them in a new tab (the form keeps its input). */
export function DuplicateWarning({ meta, form, recordId }: FormExtensionProps) {
  const { data } = useDuplicateRules();
  const rules = enabledRules(data, meta.name);
  const watched = Form.useWatch((values: Record<string, unknown>) => values, form);
  const current = useMemo(() => ruleValues(rules, watched ?? {}), [rules, watched]);
  const [debounced, setDebounced] = useState(current);
  const currentKey = JSON.stringify(current);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(JSON.parse(currentKey) as Record<string, unknown>), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [currentKey]);
  const check = useDuplicateCheck(meta.name, recordId, debounced, rules.length > 0 && Object.keys(debounced).length > 0);
  const shown = Object.keys(debounced).length ? check.data : undefined;
  const matches = shown?.data ?? [];
  // Blocking applies to new records only (the server refuses creates, not edits).
  const elsewhere = (shown?.elsewhere ?? []).map((e) => ({ ...e, block: e.block && !recordId }));
  if (!rules.length || (!matches.length && !elsewhere.length)) return null;
  return <DuplicateAlert meta={meta} matches={matches} elsewhere={elsewhere} />;
}

export function DuplicateAlert({ meta, matches, elsewhere = [] }: { meta: ObjectMeta; matches: LikelyDuplicate[]; elsewhere?: OwnedElsewhere[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  const blocked = elsewhere.some((e) => e.block);
  return (
    <Alert
      type={blocked ? 'error' : 'warning'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="duplicate-warning"
      title={blocked ? t('duplicates.elsewhere.blocked', { object: label(meta.label) }) : t('duplicates.warning.title', { count: matches.length + elsewhere.length, object: label(meta.label) })}
      description={
        <div style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
          <ElsewhereLines elsewhere={elsewhere} />
          {matches.map((m) => (
            <div key={m.id} style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center', minWidth: 0 }} data-testid="duplicate-match">
              <a href={`/o/${meta.name}/${m.id}`} target="_blank" rel="noreferrer" style={{ wordBreak: 'break-word' }} data-testid="duplicate-match-link">
                {String(m.record[meta.titleField] ?? m.id)}
              </a>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {meta.subtitleFields.map((f) => m.record[f]).filter((v) => typeof v === 'string' && v).join(' · ')}
              </Typography.Text>
              <MatchTags matches={m.matches} />
            </div>
          ))}
        </div>
      }
    />
  );
}

/** At save: if the record looks like an existing one, ask before saving anyway. */
export function useConfirmNotDuplicate(): BeforeSave {
  const { t } = useTranslation();
  const label = useLabel();
  const { modal } = App.useApp();
  const qc = useQueryClient();
  const { data } = useDuplicateRules();
  return async ({ meta, values, recordId }) => {
    const rules = enabledRules(data, meta.name);
    const relevant = ruleValues(rules, values);
    // An edit that changes none of the compared fields cannot create a new duplicate.
    if (!rules.length || !Object.keys(relevant).length) return true;
    let matches: LikelyDuplicate[];
    let elsewhere: OwnedElsewhere[];
    try {
      ({ data: matches, elsewhere } = await qc.fetchQuery({ queryKey: checkKey(meta.name, recordId, { ...relevant, _save: true }), queryFn: () => checkDuplicates(meta.name, relevant, recordId), staleTime: 0 }));
    } catch {
      return true; // the check is advice; failing to get it must not block saving (the server still refuses a blocked one)
    }
    if (!recordId && elsewhere.some((e) => e.block)) {
      // The server would refuse it (409): say why instead of offering "save anyway".
      modal.error({
        title: t('duplicates.elsewhere.blocked', { object: label(meta.label) }),
        width: 520,
        content: (
          <div data-testid="duplicate-blocked">
            <ElsewhereLines elsewhere={elsewhere.filter((e) => e.block)} />
          </div>
        ),
        okText: t('duplicates.confirm.back'),
      });
      return false;
    }
    if (!matches.length && !elsewhere.length) return true;
    return new Promise<boolean>((resolve) => {
      modal.confirm({
        title: t('duplicates.confirm.title', { object: label(meta.label) }),
        width: 520,
        content: (
          <div data-testid="duplicate-confirm">
            <p>{t('duplicates.confirm.body', { count: matches.length + elsewhere.length })}</p>
            <ElsewhereLines elsewhere={elsewhere} />
            <ul style={{ paddingInlineStart: 20, margin: 0 }}>
              {matches.slice(0, 5).map((m) => (
                <li key={m.id} style={{ wordBreak: 'break-word' }}>
                  <a href={`/o/${meta.name}/${m.id}`} target="_blank" rel="noreferrer">{String(m.record[meta.titleField] ?? m.id)}</a>{' '}
                  <MatchTags matches={m.matches} />
                </li>
              ))}
            </ul>
          </div>
        ),
        okText: t('duplicates.confirm.saveAnyway'),
        okButtonProps: { 'data-testid': 'duplicate-save-anyway' } as ButtonProps,
        cancelText: t('duplicates.confirm.back'),
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });
  };
}
