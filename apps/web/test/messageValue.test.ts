import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { messageText } from '../src/engine/fields/messageValue';
import { appTexts } from '../src/i18n/texts';

async function translatorFor(lng: 'zh-CN' | 'en') {
  const i18n = createInstance();
  await i18n.init({ lng, resources: { [lng]: { translation: appTexts(lng) } }, showSupportNotice: false });
  return i18n.t;
}

// What the SLA rules store when a paused ticket resumes (modules/service/sla/apply-sla.ts).
const stored = JSON.stringify({
  $t: 'service.slaNote.duePaused',
  params: { policy: '高优先级', firstResponse: 120, resolution: 960, paused: 45 },
  keys: { reason: 'service.slaNote.reason.resume' },
});

describe('texts stored as a message key', () => {
  it('read in the viewer language, the reason translated too', async () => {
    expect(messageText(stored, await translatorFor('zh-CN'))).toBe('客户已回复，计时恢复：策略「高优先级」，首次响应 120 工作分钟，解决 960 工作分钟，已暂停 45 工作分钟（按客服日历，含法定节假日与调休）');
    expect(messageText(stored, await translatorFor('en'))).toBe('clock resumed: policy "高优先级", first response 120 business minutes, resolution 960, paused 45 business minutes (support calendar with China\'s holidays)');
  });

  it('shows older plain notes and broken JSON as stored', async () => {
    const t = await translatorFor('en');
    expect(messageText('新建工单：策略「标准」\nticket created: policy "标准"', t)).toBe('新建工单：策略「标准」\nticket created: policy "标准"');
    expect(messageText('{"$t": broken', t)).toBe('{"$t": broken');
  });
});
