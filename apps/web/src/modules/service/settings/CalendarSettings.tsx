import { App, Button, Checkbox, DatePicker, Form, Input, Space, Switch, Table, TimePicker, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get } from '../../../api/client';

type Interval = [number, number];
interface Calendar {
  timezone: string;
  hours: Partial<Record<string, Interval[]>>;
  useChinaHolidays: boolean;
  days: { day: string; working: boolean; note: string | null }[];
}
interface Values {
  timezone: string;
  useChinaHolidays: boolean;
  weekdays: { working: boolean; range: [Dayjs, Dayjs] | null }[];
  days: { day: Dayjs; working: boolean; note?: string }[];
}
const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'];
const toTime = (m: number) => dayjs().startOf('day').add(m, 'minute');
const toMinutes = (d: Dayjs) => d.hour() * 60 + d.minute();

/** The support calendar: one working span per weekday (the first, when the server has several), holidays, dated overrides. */
export function CalendarSettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const calendar = useQuery({ queryKey: ['service', 'calendar'], queryFn: async () => (await get<{ data: Calendar }>('/api/v1/service/calendar')).data });
  useEffect(() => {
    const c = calendar.data;
    if (!c) return;
    form.setFieldsValue({
      timezone: c.timezone,
      useChinaHolidays: c.useChinaHolidays,
      weekdays: WEEKDAYS.map((d) => {
        const first = c.hours[d]?.[0];
        return { working: !!first, range: first ? [toTime(first[0]), toTime(first[1])] : null };
      }),
      days: c.days.map((d) => ({ day: dayjs(d.day), working: d.working, note: d.note ?? undefined })),
    });
  }, [calendar.data, form]);
  const save = async (v: Values) => {
    const hours = Object.fromEntries(WEEKDAYS.flatMap((d, i) => {
      const w = v.weekdays[i];
      return w?.working && w.range ? [[d, [[toMinutes(w.range[0]), toMinutes(w.range[1])]]]] : [];
    }));
    try {
      await api('PUT', '/api/v1/service/calendar', { timezone: v.timezone, useChinaHolidays: v.useChinaHolidays, hours, days: (v.days ?? []).map((d) => ({ day: d.day.format('YYYY-MM-DD'), working: !!d.working, note: d.note || null })) });
      await client.invalidateQueries({ queryKey: ['service', 'calendar'] });
      message.success(t('service.saved'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void save(v)} disabled={calendar.isLoading} data-testid="calendar-settings">
      <Space wrap>
        <Form.Item name="timezone" label={t('service.settings.timezone')} rules={[{ required: true }]}><Input style={{ width: 200 }} /></Form.Item>
        <Form.Item name="useChinaHolidays" label={t('service.settings.chinaHolidays')} valuePropName="checked"><Switch /></Form.Item>
      </Space>
      <Table
        size="small"
        pagination={false}
        rowKey="d"
        dataSource={WEEKDAYS.map((d, i) => ({ d, i }))}
        columns={[
          { title: t('service.settings.weekday'), dataIndex: 'd', width: 80, render: (d: string) => t(`service.settings.weekdays.${d}`) },
          { title: t('service.settings.working'), key: 'w', width: 80, render: (_, r) => <Form.Item name={['weekdays', r.i, 'working']} valuePropName="checked" noStyle><Checkbox /></Form.Item> },
          { title: `${t('service.settings.from')} – ${t('service.settings.to')}`, key: 'r', render: (_, r) => <Form.Item name={['weekdays', r.i, 'range']} noStyle><TimePicker.RangePicker format="HH:mm" minuteStep={15} /></Form.Item> },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('service.settings.overrides')}</Typography.Title>
      <Form.List name="days">
        {(items, { add, remove }) => (
          <>
            {items.map(({ key, name }) => (
              <Space key={key} wrap align="baseline">
                <Form.Item name={[name, 'day']} rules={[{ required: true }]}><DatePicker placeholder={t('service.settings.day')} /></Form.Item>
                <Form.Item name={[name, 'working']} valuePropName="checked"><Checkbox>{t('service.settings.working')}</Checkbox></Form.Item>
                <Form.Item name={[name, 'note']}><Input placeholder={t('service.settings.note')} maxLength={100} /></Form.Item>
                <Button onClick={() => remove(name)} danger size="small">{t('service.settings.delete')}</Button>
              </Space>
            ))}
            <Button onClick={() => add({ working: false })} style={{ display: 'block', marginBottom: 16 }}>{t('service.settings.addDay')}</Button>
          </>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" data-testid="calendar-save">{t('service.settings.save')}</Button>
    </Form>
  );
}
