import type { Engine } from '../../engine/index.js';
import { SYSTEM_CONTEXT } from '../../engine/permissions/access.js';

type Demo = { title: string; category: string; language: 'zh' | 'en'; visibility?: 'internal'; tags: string[]; body: string };

const ARTICLES: Demo[] = [
  { title: '如何批量导入联系人', category: 'getting_started', language: 'zh', tags: ['导入', '联系人'], body: '## 准备文件\n\n支持 **CSV** 和 **Excel (XLSX)**，第一行为表头，例如“姓名、手机、邮箱、公司”。\n\n## 导入步骤\n\n1. 打开“联系人”，点击右上角 **导入**；\n2. 上传文件，系统会自动匹配字段；\n3. 确认映射后开始导入，可随时查看进度。\n\n> 导入完成后 24 小时内可一键撤销。' },
  { title: '首次登录与修改密码', category: 'getting_started', language: 'zh', tags: ['登录', '密码'], body: '管理员创建账号后，您会收到一封包含登录链接的邮件。\n\n- 首次登录请使用临时密码；\n- 登录后系统会要求设置新密码（至少 10 位，不能是常见密码）；\n- 忘记密码时，在登录页点击“忘记密码”，按邮件提示重置。' },
  { title: '在手机上使用系统', category: 'getting_started', language: 'zh', tags: ['手机', '移动端'], body: '系统适配手机浏览器，无需安装 App。\n\n建议把登录页 **添加到主屏幕**，像 App 一样打开。客户、联系人、跟进记录都可以在手机上新增和查看。' },
  { title: '如何申请开具增值税发票', category: 'account_billing', language: 'zh', tags: ['发票', '开票'], body: '付款完成后，请在工单中提供以下开票信息：\n\n| 项目 | 说明 |\n| --- | --- |\n| 发票抬头 | 公司全称 |\n| 纳税人识别号 | 18 位统一社会信用代码 |\n| 开户行及账号 | 专票必填 |\n\n电子发票一般在 **3 个工作日** 内发送到您的邮箱。' },
  { title: '续费与套餐升级说明', category: 'account_billing', language: 'zh', tags: ['续费', '套餐'], body: '套餐到期前 30 天，系统会通过邮件提醒续费。\n\n升级套餐按剩余天数折算差价，立即生效；降级在当前周期结束后生效。' },
  { title: '登录后页面空白怎么办', category: 'troubleshooting', language: 'zh', tags: ['空白', '浏览器', '登录'], body: '登录后页面空白，通常与浏览器缓存或插件有关：\n\n1. 按 `Ctrl + F5` 强制刷新；\n2. 清除浏览器缓存后重新登录；\n3. 暂时停用广告拦截等插件；\n4. 建议使用最新版 Chrome、Edge 或 Firefox。\n\n如仍无法解决，请提交工单并附上截图。' },
  { title: '收不到系统通知邮件', category: 'troubleshooting', language: 'zh', tags: ['邮件', '通知'], body: '请先检查垃圾邮件箱，并把发件地址加入白名单。\n\n如果公司使用企业邮箱，请联系邮箱管理员确认没有拦截外部邮件。管理员可在 **设置 → 邮件** 中查看发送记录和失败原因。' },
  { title: '报表导出缺少列的排查步骤', category: 'troubleshooting', language: 'zh', tags: ['报表', '导出'], body: '导出的文件只包含当前列表视图中 **可见的列**。\n\n请在列表右上角的“列设置”中勾选需要的字段，再重新导出。若字段对您的角色隐藏，请联系管理员调整字段权限。' },
  { title: 'Importing contacts from Excel', category: 'getting_started', language: 'en', tags: ['import', 'contacts'], body: 'Open **Contacts → Import**, upload a CSV or XLSX file whose first row holds the column names, check the suggested mapping and start the import. You can undo an import within 24 hours.' },
  { title: 'Resetting your password', category: 'account_billing', language: 'en', tags: ['password', 'login'], body: 'On the login page choose **Forgot password**, enter your e-mail address and follow the link we send you. The link is valid for one hour.' },
  { title: '客服内部：退款审批流程', category: 'account_billing', language: 'zh', visibility: 'internal', tags: ['退款', '内部'], body: '退款金额 5000 元以下由客服主管审批，以上需财务经理复核。此文章仅供内部参考，不对客户公开。' },
];

/** Help-centre articles for the demo: Chinese and English, three categories, one internal. */
export async function loadKbDemo(engine: Engine): Promise<number> {
  for (const a of ARTICLES) {
    await engine.records.create('kb_articles', { ...a, visibility: a.visibility ?? 'public', status: 'published' }, SYSTEM_CONTEXT);
  }
  return ARTICLES.length;
}
