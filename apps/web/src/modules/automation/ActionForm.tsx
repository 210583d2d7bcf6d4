import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTeams } from '../../api/admin';
import { editableFields, type ObjectMeta } from '../../api/meta';
import { useUsers } from '../../api/users';
import { FieldInput } from '../../engine/fields';
import { useLabel } from '../../i18n';
import { useTemplates } from '../notifications/api';
import { actionFormOf } from './actionForms';
import type { Action } from './api';

/** Settings an action type starts with when picked. */
export function defaultAction(type: string): Action {
  switch (type) {
    case 'assign_owner':
      return { type, mode: 'round_robin' };
    case 'update_fields':
      return { type, updates: [{ op: 'set', field: '' }] };
    case 'create_task':
      return { type, target: 'tasks', title: '', assignee: { kind: 'owner' }, due: { amount: 1, unit: 'days' } };
    case 'webhook':
      return { type, url: 'https://' };
    case 'wecom_robot':
      return { type, url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=', msgtype: 'text', content: '' };
    case 'dingtalk_robot':
      return { type, url: 'https://oapi.dingtalk.com/robot/send?access_token=', msgtype: 'text', content: '' };
    case 'notify':
      return { type, recipients: 'owner', kind: 'general', title: '' };
    case 'send_email':
      return { type, template: 'general', to: 'owner' };
    default:
      return { type, ...actionFormOf(type)?.defaults };
  }
}

type Recipients = 'owner' | 'owner_manager' | { userIds: string[] } | { address: string };

/** Owner, the owner's manager, chosen users, or (e-mail only) an address. */
function RecipientsInput({ value, onChange, allowAddress }: { value: Recipients; onChange: (r: Recipients) => void; allowAddress?: boolean }) {
  const { t } = useTranslation();
  const { data: users = [] } = useUsers();
  const mode = typeof value === 'string' ? value : 'userIds' in value ? 'users' : 'address';
  const modes = ['owner', 'owner_manager', 'users', ...(allowAddress ? ['address'] : [])];
  return (
    <>
      <Select style={{ width: 160 }} value={mode} data-testid="recipients-mode"
        onChange={(m) => onChange(m === 'users' ? { userIds: [] } : m === 'address' ? { address: '' } : (m as Recipients))}
        options={modes.map((m) => ({ value: m, label: t(`automation.recipients.${m}`) }))} />
      {mode === 'users' && (
        <Select mode="multiple" style={{ flex: 1, minWidth: 200 }} showSearch={{ optionFilterProp: 'label' }} value={(value as { userIds: string[] }).userIds}
          onChange={(userIds) => onChange({ userIds })} options={users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} placeholder={t('automation.action.user')} />
      )}
      {mode === 'address' && <Input style={{ flex: 1, minWidth: 200 }} value={(value as { address: string }).address} onChange={(e) => onChange({ address: e.target.value })} placeholder="name@example.com" />}
    </>
  );
}

interface Update {
  op: 'set' | 'clear' | 'add_tag' | 'template';
  field: string;
  value?: unknown;
  template?: string;
}

const row: React.CSSProperties = { display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center', marginBottom: 8 };

/** The settings form of one action, by type; types other modules add show their settings read-only. */
export function ActionForm({ meta, value, onChange }: { meta: ObjectMeta | undefined; value: Action; onChange: (a: Action) => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { data: users = [] } = useUsers();
  const { data: teams = [] } = useTeams();
  const { data: templates = [] } = useTemplates();
  const set = (patch: Record<string, unknown>) => onChange({ ...value, ...patch });
  const userOptions = users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }));
  const teamOptions = teams.map((team) => ({ value: team.id, label: team.name }));
  const fields = meta ? editableFields(meta).concat(meta.fields.filter((f) => f.name === 'owner_id')) : [];
  const templateHint = <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('automation.action.templateHint')}</Typography.Text>;

  switch (value.type) {
    case 'assign_owner':
      return (
        <div style={row}>
          <Select style={{ width: 200 }} value={value.mode as string} data-testid="assign-mode"
            onChange={(mode) => onChange({ type: value.type, mode })}
            options={['user', 'round_robin', 'least_loaded', 'territory'].map((m) => ({ value: m, label: t(`automation.assign.${m}`) }))} />
          {value.mode === 'user' && <Select style={{ width: 200 }} showSearch={{ optionFilterProp: 'label' }} value={value.userId as string} onChange={(userId) => set({ userId })} options={userOptions} placeholder={t('automation.action.user')} />}
          {(value.mode === 'round_robin' || value.mode === 'least_loaded') && <Select style={{ width: 200 }} value={value.teamId as string} onChange={(teamId) => set({ teamId })} options={teamOptions} placeholder={t('automation.action.team')} />}
          {value.mode === 'territory' && <Typography.Text type="secondary">{t('automation.assign.territoryHint')}</Typography.Text>}
        </div>
      );
    case 'update_fields': {
      const updates = (value.updates as Update[]) ?? [];
      const setUpdate = (i: number, patch: Partial<Update>) => set({ updates: updates.map((u, j) => (j === i ? { ...u, ...patch } : u)) });
      return (
        <div>
          {updates.map((u, i) => {
            const field = fields.find((f) => f.name === u.field);
            return (
              <div key={i} style={row} data-testid="update-row">
                <Select style={{ width: 180 }} value={u.field || undefined} placeholder={t('automation.action.field')} data-testid="update-field" showSearch={{ optionFilterProp: 'label' }}
                  onChange={(name) => setUpdate(i, { field: name, value: undefined })} options={fields.map((f) => ({ value: f.name, label: label(f.label) }))} />
                <Select style={{ width: 130 }} value={u.op} data-testid="update-op"
                  onChange={(op) => set({ updates: updates.map((x, j) => (j === i ? { op, field: x.field, ...(op === 'template' ? { template: '' } : op === 'add_tag' ? { value: '' } : {}) } : x)) })}
                  options={['set', 'clear', 'add_tag', 'template'].map((op) => ({ value: op, label: t(`automation.update.${op}`) }))} />
                <div style={{ flex: 1, minWidth: 180 }} className="automation-fill" data-testid="update-value">
                  {u.op === 'set' && field && <FieldInput field={field} value={u.value ?? null} onChange={(v) => setUpdate(i, { value: v })} />}
                  {u.op === 'add_tag' && <Input value={u.value as string} onChange={(e) => setUpdate(i, { value: e.target.value })} />}
                  {u.op === 'template' && <Input value={u.template} placeholder="{{customer_id.name}} 续约" onChange={(e) => setUpdate(i, { template: e.target.value })} />}
                </div>
                <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => set({ updates: updates.filter((_, j) => j !== i) })} />
              </div>
            );
          })}
          <Button size="small" icon={<PlusOutlined />} onClick={() => set({ updates: [...updates, { op: 'set', field: '' }] })}>{t('automation.action.addUpdate')}</Button>
          <div>{templateHint}</div>
        </div>
      );
    }
    case 'create_task': {
      const assignee = value.assignee as { kind: string; userId?: string };
      const due = value.due as { amount: number; unit: string };
      return (
        <div>
          <div style={row}>
            <Select style={{ width: 140 }} value={value.target as string} onChange={(target) => set({ target })} options={['tasks', 'activities'].map((x) => ({ value: x, label: t(`automation.task.${x}`) }))} />
            <Input style={{ flex: 1, minWidth: 200 }} value={value.title as string} placeholder={t('automation.task.title')} onChange={(e) => set({ title: e.target.value })} data-testid="task-title" />
          </div>
          <div style={row}>
            <span>{t('automation.task.for')}</span>
            <Select style={{ width: 160 }} value={assignee.kind} onChange={(kind) => set({ assignee: kind === 'owner' ? { kind } : { kind, userId: userOptions[0]?.value } })}
              options={['owner', 'user'].map((k) => ({ value: k, label: t(`automation.task.assignee_${k}`) }))} />
            {assignee.kind === 'user' && <Select style={{ width: 180 }} showSearch={{ optionFilterProp: 'label' }} value={assignee.userId} onChange={(userId) => set({ assignee: { kind: 'user', userId } })} options={userOptions} />}
            <span>{t('automation.task.dueIn')}</span>
            <InputNumber min={0} value={due.amount} onChange={(amount) => set({ due: { ...due, amount: amount ?? 0 } })} data-testid="task-due" />
            <Select style={{ width: 100 }} value={due.unit} onChange={(unit) => set({ due: { ...due, unit } })} options={['minutes', 'hours', 'days'].map((u) => ({ value: u, label: t(`automation.unit.${u}`) }))} />
          </div>
          {templateHint}
        </div>
      );
    }
    case 'move_to_pool':
      return <Typography.Text type="secondary">{t('automation.action.poolHint')}</Typography.Text>;
    case 'webhook':
      return (
        <div style={row}>
          <Input style={{ flex: 2, minWidth: 240 }} value={value.url as string} onChange={(e) => set({ url: e.target.value })} placeholder="https://" data-testid="webhook-url" />
          <Input.Password style={{ flex: 1, minWidth: 160 }} value={(value.secret as string) ?? ''} onChange={(e) => set({ secret: e.target.value || undefined })} placeholder={t('automation.action.secret')} />
        </div>
      );
    case 'wecom_robot':
    case 'dingtalk_robot': {
      const ding = value.type === 'dingtalk_robot';
      const mobiles = ding ? 'atMobiles' : 'mentionedMobiles';
      return (
        <div>
          <div style={row}>
            <Input style={{ flex: 2, minWidth: 240 }} value={value.url as string} onChange={(e) => set({ url: e.target.value })} data-testid="robot-url" />
            {ding && <Input.Password style={{ flex: 1, minWidth: 160 }} value={(value.secret as string) ?? ''} onChange={(e) => set({ secret: e.target.value || undefined })} placeholder={t('automation.action.signSecret')} />}
          </div>
          <div style={row}>
            <Select style={{ width: 120 }} value={value.msgtype as string} onChange={(msgtype) => set({ msgtype })} options={[{ value: 'text', label: t('automation.robot.text') }, { value: 'markdown', label: 'Markdown' }]} />
            {ding && value.msgtype === 'markdown' && <Input style={{ width: 160 }} value={value.title as string} placeholder={t('automation.robot.title')} onChange={(e) => set({ title: e.target.value })} />}
            <Select style={{ flex: 1, minWidth: 200 }} mode="tags" value={(value[mobiles] as string[]) ?? []} onChange={(v) => set({ [mobiles]: v })} placeholder={t('automation.robot.mention')} />
            {ding && <Space><Switch size="small" checked={!!value.isAtAll} onChange={(isAtAll) => set({ isAtAll })} />{t('automation.robot.atAll')}</Space>}
          </div>
          <Input.TextArea rows={3} value={value.content as string} onChange={(e) => set({ content: e.target.value })} placeholder={t('automation.robot.content')} data-testid="robot-content" />
          {templateHint}
        </div>
      );
    }
    case 'notify':
      return (
        <div>
          <div style={row}>
            <span>{t('automation.recipients.to')}</span>
            <RecipientsInput value={value.recipients as Recipients} onChange={(recipients) => set({ recipients })} />
            <Select style={{ width: 150 }} value={value.kind as string} onChange={(kind) => set({ kind })} data-testid="notify-kind"
              options={['general', 'task_reminder', 'record_assigned', 'no_follow_up'].map((k) => ({ value: k, label: t(`notifications.kinds.${k}`) }))} />
          </div>
          <div style={row}>
            <Input style={{ flex: 1, minWidth: 200 }} value={value.title as string} placeholder={t('automation.notify.title')} onChange={(e) => set({ title: e.target.value })} data-testid="notify-title" />
          </div>
          <Input.TextArea rows={2} value={(value.body as string) ?? ''} placeholder={t('automation.notify.body')} onChange={(e) => set({ body: e.target.value || undefined })} />
          {templateHint}
        </div>
      );
    case 'send_email':
      return (
        <div style={row}>
          <span>{t('automation.recipients.to')}</span>
          <RecipientsInput allowAddress value={value.to as Recipients} onChange={(to) => set({ to })} />
          <Select style={{ width: 220 }} value={value.template as string} onChange={(template) => set({ template })} data-testid="email-template"
            options={templates.map((tpl) => ({ value: tpl.key, label: tpl.name }))} placeholder={t('automation.email.template')} />
        </div>
      );
    default: {
      const registered = actionFormOf(value.type);
      if (registered) return <registered.Form value={value} onChange={onChange} />;
      return (
        <Typography.Text type="secondary" data-testid="action-external">
          {t('automation.action.fromModule')} <code style={{ wordBreak: 'break-all' }}>{JSON.stringify(Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'type')))}</code>
        </Typography.Text>
      );
    }
  }
}
