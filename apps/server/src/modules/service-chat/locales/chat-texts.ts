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
  },
} as const;
