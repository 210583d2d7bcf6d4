export type ChatLang = 'zh' | 'en';

export const chatLang = (value: unknown): ChatLang => (typeof value === 'string' && value.toLowerCase().startsWith('en') ? 'en' : 'zh');

/** System lines written into a conversation, in the visitor's language; transcript labels. */
export const CHAT_TEXTS = {
  zh: {
    joined: (name: string) => `客服 ${name} 已接入`,
    endedByAgent: '客服已结束本次对话',
    endedByVisitor: '访客已离开对话',
    emailLeft: (email: string) => `访客留下邮箱：${email}`,
    visitor: '访客',
    agent: '客服',
    system: '系统',
    transcriptSubject: (name: string) => `在线客服会话 · ${name}`,
    ticketSubject: (first: string) => `在线客服：${first}`,
    offlineSubject: (first: string) => `在线客服留言：${first}`,
    page: '来源页面',
    missed: (ticket: string, email: string | null) =>
      email ? `抱歉，客服暂时无法接入。您的问题已转为工单 ${ticket}，我们会通过邮件（${email}）回复您。` : `抱歉，客服暂时无法接入。您的问题已转为工单 ${ticket}。请留下邮箱，我们会通过邮件回复您。`,
    attachment: (name: string) => `[附件] ${name}`,
  },
  en: {
    joined: (name: string) => `${name} joined the chat`,
    endedByAgent: 'The agent ended the chat',
    endedByVisitor: 'The visitor left the chat',
    emailLeft: (email: string) => `The visitor left an e-mail: ${email}`,
    visitor: 'Visitor',
    agent: 'Agent',
    system: 'System',
    transcriptSubject: (name: string) => `Live chat · ${name}`,
    ticketSubject: (first: string) => `Chat: ${first}`,
    offlineSubject: (first: string) => `Chat message: ${first}`,
    page: 'Page',
    missed: (ticket: string, email: string | null) =>
      email ? `Sorry, no agent could take your chat. It is now ticket ${ticket}; we will reply by e-mail (${email}).` : `Sorry, no agent could take your chat. It is now ticket ${ticket}. Leave your e-mail and we will reply by e-mail.`,
    attachment: (name: string) => `[File] ${name}`,
  },
} as const;
