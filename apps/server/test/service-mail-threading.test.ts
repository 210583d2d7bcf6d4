import { describe, expect, it } from 'vitest';
import { formatTicketNumber, nodemailerHeaders, replyThreading, ticketNumberFromSubject, ticketSubject } from '../src/modules/service-mail/threading/threading.js';

describe('outgoing threading headers', () => {
  it('tags the subject once, without stacked reply prefixes (English and Chinese clients)', () => {
    expect(formatTicketNumber(123)).toBe('T-000123');
    expect(ticketSubject(123, '发票问题')).toBe('[T-000123] 发票问题');
    expect(ticketSubject(123, 'Re: 回复: [T-000123] 发票问题')).toBe('[T-000123] 发票问题');
    expect(ticketSubject(123, 'RE: AW: 答复：转发: 报价')).toBe('[T-000123] 报价');
    expect(ticketSubject(7, '')).toBe('[T-000007]');
  });

  it('reads the ticket number back from a reply subject', () => {
    expect(ticketNumberFromSubject('RE: [T-000123] Invoice amount')).toBe(123);
    expect(ticketNumberFromSubject('回复：[t-001234] 报价')).toBe(1234);
    expect(ticketNumberFromSubject('No ticket here [T-]')).toBeNull();
  });

  it('answers a message: In-Reply-To it, References its chain plus it, a new Message-ID on our domain', () => {
    const t = replyThreading({ ticketNumber: 123, subject: 'Re: Invoice', domain: 'support@crm.example.cn', replyTo: { messageId: '<b@kehu.cn>', references: ['<a@crm.example.cn>'] } });
    expect(t.inReplyTo).toBe('<b@kehu.cn>');
    expect(t.references).toEqual(['<a@crm.example.cn>', '<b@kehu.cn>']);
    expect(t.messageId).toMatch(/^<t-000123\.[a-z0-9]+\.[0-9a-f]{12}@crm\.example\.cn>$/);
    expect(t.subject).toBe('[T-000123] Invoice');
    expect(replyThreading({ ticketNumber: 123, subject: 'x', domain: 'crm.example.cn' }).messageId).not.toBe(t.messageId);
    expect(nodemailerHeaders(t)).toMatchObject({ inReplyTo: '<b@kehu.cn>', references: '<a@crm.example.cn> <b@kehu.cn>' });
  });

  it('keeps the first and the latest references of a long thread, without duplicates', () => {
    const chain = Array.from({ length: 40 }, (_, i) => `<m${i}@x.cn>`);
    const t = replyThreading({ ticketNumber: 1, subject: 's', domain: 'x.cn', replyTo: { messageId: '<m39@x.cn>', references: chain } });
    expect(t.references).toHaveLength(20);
    expect(t.references[0]).toBe('<m0@x.cn>');
    expect(t.references.at(-1)).toBe('<m39@x.cn>');
    expect(new Set(t.references).size).toBe(20);
  });

  it('starts a thread: no In-Reply-To, no References', () => {
    const t = replyThreading({ ticketNumber: 5, subject: '新工单', domain: 'x.cn' });
    expect(t.inReplyTo).toBeUndefined();
    expect(t.references).toEqual([]);
    expect(nodemailerHeaders(t)).not.toHaveProperty('references');
  });
});
