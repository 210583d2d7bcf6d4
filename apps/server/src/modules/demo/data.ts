/**
 * The fixed content of the demo data set: teams, people, companies and the words used in
 * follow-ups. Everything here is invented; any resemblance to real companies is accidental.
 */

export const DEMO_PASSWORD = 'demo12345';
export const DEMO_EMAIL_DOMAIN = 'demo.example.com';

export interface DemoUser {
  key: string;
  name: string;
  email: string;
  role: 'sales_manager' | 'sales_rep';
  team: 'east' | 'east_sh' | 'north';
}

/** Each team's lead (a DEMO_USERS key) is its members' manager for "notify the owner's manager"; 上海组 reports to 华东's manager. */
export const DEMO_TEAMS = {
  east: { name: '华东销售部', parent: null, lead: 'east_mgr' },
  east_sh: { name: '华东销售部·上海组', parent: 'east', lead: 'east_mgr' },
  north: { name: '华北销售部', parent: null, lead: 'north_mgr' },
} as const;

/** Each sales department's territory: the provinces its customers and leads come from (assign-by-territory routes by these). */
export const DEMO_TERRITORIES: Record<'east' | 'north', string[]> = {
  north: ['北京市', '天津市', '河北省', '山东省', '辽宁省', '山西省', '内蒙古自治区', '陕西省'],
  east: ['上海市', '浙江省', '江苏省', '安徽省', '湖北省'],
};

export const DEMO_USERS: DemoUser[] = [
  { key: 'east_mgr', name: '王建国', email: `wangjianguo@${DEMO_EMAIL_DOMAIN}`, role: 'sales_manager', team: 'east' },
  { key: 'east_rep1', name: '李娜', email: `lina@${DEMO_EMAIL_DOMAIN}`, role: 'sales_rep', team: 'east' },
  { key: 'east_rep2', name: '张伟', email: `zhangwei@${DEMO_EMAIL_DOMAIN}`, role: 'sales_rep', team: 'east_sh' },
  { key: 'east_rep3', name: '陈静', email: `chenjing@${DEMO_EMAIL_DOMAIN}`, role: 'sales_rep', team: 'east_sh' },
  { key: 'north_mgr', name: '赵志强', email: `zhaozhiqiang@${DEMO_EMAIL_DOMAIN}`, role: 'sales_manager', team: 'north' },
  { key: 'north_rep1', name: '刘洋', email: `liuyang@${DEMO_EMAIL_DOMAIN}`, role: 'sales_rep', team: 'north' },
  { key: 'north_rep2', name: '孙丽', email: `sunli@${DEMO_EMAIL_DOMAIN}`, role: 'sales_rep', team: 'north' },
];

export interface DemoCustomer {
  name: string;
  domain: string;
  industry: string;
  region?: { province: string; city?: string; district?: string };
  /** Which users may own it: a team's members, or null for the public pool (公海). */
  team: 'east' | 'north' | null;
  english?: boolean;
}

const east = 'east' as const;
const north = 'north' as const;

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  { name: '上海云帆科技有限公司', domain: 'yunfan-tech.cn', industry: 'it', region: { province: '上海市', city: '上海市', district: '浦东新区' }, team: east },
  { name: '杭州星辰网络科技有限公司', domain: 'xingchen.net.cn', industry: 'it', region: { province: '浙江省', city: '杭州市', district: '西湖区' }, team: east },
  { name: '苏州恒通精密制造有限公司', domain: 'hengtong-pm.com', industry: 'manufacturing', region: { province: '江苏省', city: '苏州市', district: '工业园区' }, team: east },
  { name: '南京金陵医疗器械有限公司', domain: 'jinling-med.cn', industry: 'healthcare', region: { province: '江苏省', city: '南京市', district: '鼓楼区' }, team: east },
  { name: '宁波海润贸易有限公司', domain: 'hairun-trade.com', industry: 'retail', region: { province: '浙江省', city: '宁波市', district: '鄞州区' }, team: east },
  { name: '上海浦江金融信息服务有限公司', domain: 'pujiang-fin.cn', industry: 'finance', region: { province: '上海市', city: '上海市', district: '黄浦区' }, team: east },
  { name: '无锡华光电子有限公司', domain: 'huaguang-elec.com', industry: 'manufacturing', region: { province: '江苏省', city: '无锡市', district: '新吴区' }, team: east },
  { name: '合肥讯联教育科技有限公司', domain: 'xunlian-edu.cn', industry: 'education', region: { province: '安徽省', city: '合肥市', district: '蜀山区' }, team: east },
  { name: '上海锦程物流有限公司', domain: 'jincheng56.com', industry: 'other', region: { province: '上海市', city: '上海市', district: '闵行区' }, team: east },
  { name: '杭州绿源生物科技有限公司', domain: 'lvyuan-bio.com', industry: 'healthcare', region: { province: '浙江省', city: '杭州市', district: '余杭区' }, team: east },
  { name: '常州天合新能源有限公司', domain: 'tianhe-energy.cn', industry: 'manufacturing', region: { province: '江苏省', city: '常州市', district: '武进区' }, team: east },
  { name: '上海明德国际学校', domain: 'mingde-school.org', industry: 'education', region: { province: '上海市', city: '上海市', district: '长宁区' }, team: east },
  { name: '温州瑞丰鞋业有限公司', domain: 'ruifeng-shoes.com', industry: 'manufacturing', region: { province: '浙江省', city: '温州市', district: '鹿城区' }, team: east },
  { name: '嘉兴禾丰食品有限公司', domain: 'hefeng-food.cn', industry: 'retail', region: { province: '浙江省', city: '嘉兴市', district: '南湖区' }, team: east },
  { name: 'Shanghai Bluewave Software Co., Ltd.', domain: 'bluewave.io', industry: 'it', region: { province: '上海市', city: '上海市', district: '徐汇区' }, team: east, english: true },
  { name: 'Acme Robotics (Suzhou) Ltd.', domain: 'acme-robotics.com', industry: 'manufacturing', region: { province: '江苏省', city: '苏州市', district: '吴中区' }, team: east, english: true },
  { name: '北京智联云图科技有限公司', domain: 'yuntu-ai.cn', industry: 'it', region: { province: '北京市', city: '北京市', district: '海淀区' }, team: north },
  { name: '北京华夏银通支付有限公司', domain: 'yintong-pay.cn', industry: 'finance', region: { province: '北京市', city: '北京市', district: '朝阳区' }, team: north },
  { name: '天津港泰国际物流有限公司', domain: 'gangtai-logistics.com', industry: 'other', region: { province: '天津市', city: '天津市', district: '滨海新区' }, team: north },
  { name: '石家庄冀康医药有限公司', domain: 'jikang-pharma.cn', industry: 'healthcare', region: { province: '河北省', city: '石家庄市', district: '长安区' }, team: north },
  { name: '青岛海韵电器有限公司', domain: 'haiyun-appliance.com', industry: 'manufacturing', region: { province: '山东省', city: '青岛市', district: '崂山区' }, team: north },
  { name: '济南齐鲁软件发展有限公司', domain: 'qilu-soft.cn', industry: 'it', region: { province: '山东省', city: '济南市', district: '历下区' }, team: north },
  { name: '北京启明星教育咨询有限公司', domain: 'qimingxing-edu.cn', industry: 'education', region: { province: '北京市', city: '北京市', district: '西城区' }, team: north },
  { name: '太原晋商连锁超市有限公司', domain: 'jinshang-mart.com', industry: 'retail', region: { province: '山西省', city: '太原市', district: '小店区' }, team: north },
  { name: '大连远洋渔业集团有限公司', domain: 'yuanyang-fishery.com', industry: 'other', region: { province: '辽宁省', city: '大连市', district: '中山区' }, team: north },
  { name: '沈阳北方重工机械有限公司', domain: 'beifang-heavy.cn', industry: 'manufacturing', region: { province: '辽宁省', city: '沈阳市', district: '铁西区' }, team: north },
  { name: '北京博雅医院管理有限公司', domain: 'boya-health.cn', industry: 'healthcare', region: { province: '北京市', city: '北京市', district: '东城区' }, team: north },
  { name: '天津融信小额贷款有限公司', domain: 'rongxin-credit.cn', industry: 'finance', region: { province: '天津市', city: '天津市', district: '和平区' }, team: north },
  { name: 'Beijing Northstar Consulting Co., Ltd.', domain: 'northstar-consulting.com', industry: 'other', region: { province: '北京市', city: '北京市', district: '朝阳区' }, team: north, english: true },
  { name: 'Harbor Analytics Inc.', domain: 'harbor-analytics.com', industry: 'it', region: { province: '北京市', city: '北京市', district: '海淀区' }, team: north, english: true },
  { name: '呼和浩特草原乳业有限公司', domain: 'caoyuan-dairy.cn', industry: 'retail', region: { province: '内蒙古自治区', city: '呼和浩特市', district: '赛罕区' }, team: north },
  { name: '唐山钢联贸易有限公司', domain: 'ganglian-trade.com', industry: 'manufacturing', region: { province: '河北省', city: '唐山市', district: '路北区' }, team: north },
  { name: '深圳鹏程智能硬件有限公司', domain: 'pengcheng-hw.com', industry: 'it', region: { province: '广东省', city: '深圳市', district: '南山区' }, team: null },
  { name: '广州岭南文化传媒有限公司', domain: 'lingnan-media.cn', industry: 'other', region: { province: '广东省', city: '广州市', district: '天河区' }, team: null },
  { name: '成都天府软件有限公司', domain: 'tianfu-soft.cn', industry: 'it', region: { province: '四川省', city: '成都市', district: '高新区' }, team: null },
  { name: '武汉光谷激光技术有限公司', domain: 'guanggu-laser.com', industry: 'manufacturing', region: { province: '湖北省', city: '武汉市', district: '洪山区' }, team: east },
  { name: '西安秦川教育科技有限公司', domain: 'qinchuan-edu.cn', industry: 'education', region: { province: '陕西省', city: '西安市', district: '雁塔区' }, team: north },
  { name: '重庆山城餐饮管理有限公司', domain: 'shancheng-food.cn', industry: 'retail', region: { province: '重庆市', city: '重庆市', district: '渝中区' }, team: null },
  { name: 'Greenfield Trading Pte. Ltd.', domain: 'greenfield-trading.sg', industry: 'retail', team: east, english: true },
  { name: '厦门鹭岛海洋科技有限公司', domain: 'ludao-ocean.cn', industry: 'it', region: { province: '福建省', city: '厦门市', district: '思明区' }, team: north },
];

export const CHINESE_PEOPLE = [
  '张伟', '王芳', '李强', '刘敏', '陈磊', '杨洋', '赵丽', '黄勇', '周杰', '吴静', '徐明', '孙涛', '胡晓燕', '朱志刚', '高婷',
  '林海', '何俊', '郭磊', '马丽娟', '罗斌', '梁晨', '宋佳', '郑浩', '谢雨', '韩梅', '唐亮', '冯雪', '于洋', '董健', '程刚',
  '曹颖', '袁伟', '邓超', '许佳琪', '傅强', '沈慧', '曾凡', '彭丽', '吕敏', '苏航', '张伟', '王磊', '李静', '刘伟',
];
export const ENGLISH_PEOPLE = ['David Chen', 'Emily Wang', 'Michael Brown', 'Sarah Lee', 'James Miller', 'Linda Zhou', 'Kevin Liu', 'Anna Schmidt'];
export const TITLES = ['总经理', '采购经理', 'IT总监', '财务总监', '技术负责人', '行政主管', '销售总监', '副总裁', '运营经理', '项目经理'];
export const ENGLISH_TITLES = ['CEO', 'CTO', 'Procurement Manager', 'IT Director', 'Finance Director', 'Operations Manager'];

export const TAGS = ['高活跃度', '价格敏感型', '重点客户', '老客户', '新客户', '决策链长', '有续约意向', '需要技术支持'];
export const SOURCES = ['website', 'referral', 'event', 'ads', 'cold_call', 'other'];
export const STATUS_WEIGHTS: [string, number][] = [['prospect', 4], ['active', 4], ['vip', 2], ['dormant', 1], ['lost', 1]];

export const PRODUCTS = ['CRM系统采购', '年度维保服务', '数据中台建设', 'MES系统升级', '云服务器扩容', '员工培训服务', '营销自动化平台', '客服工单系统', '私有化部署', '移动端定制开发'];
export const STAGES = ['initial', 'qualified', 'proposal', 'negotiation', 'won', 'lost'];
export const STAGE_ORDER = ['initial', 'qualified', 'proposal', 'negotiation'];

export const ACTIVITY_TEMPLATES: Record<string, { subject: string; content: string; next?: string }[]> = {
  call: [
    { subject: '电话沟通采购需求', content: '客户计划下季度更换现有系统，关注价格和数据迁移。', next: '发送产品资料' },
    { subject: '电话回访使用情况', content: '客户反馈系统运行稳定，希望增加移动端功能。', next: '安排产品经理沟通' },
  ],
  visit: [
    { subject: '上门拜访并演示产品', content: '与IT总监和采购经理见面，演示了销售流程和报表模块，反响积极。', next: '准备正式报价' },
    { subject: '拜访客户总部', content: '参观了生产车间，了解到现场数据采集的痛点。', next: '出具解决方案' },
  ],
  meeting: [
    { subject: '方案评审会议', content: '客户技术团队对接口方案提出三点修改意见。', next: '修改方案后再次评审' },
    { subject: '商务谈判会议', content: '讨论付款方式与折扣，客户希望分三期付款。', next: '内部审批折扣' },
  ],
  email: [
    { subject: '发送报价单', content: '已通过邮件发送正式报价单（含三年维保）。', next: '两天后电话确认' },
    { subject: 'Sent proposal and case studies', content: 'Emailed the proposal deck and two customer case studies.', next: 'Follow up next week' },
  ],
  wechat: [
    { subject: '微信确认合同细节', content: '客户微信确认合同条款无异议，等待盖章。', next: '寄送纸质合同' },
    { subject: '微信沟通上线时间', content: '客户希望月底前完成上线培训。' },
  ],
  note: [
    { subject: '客户预算备注', content: '今年IT预算约200万，其中CRM相关约50万。' },
    { subject: '决策链备注', content: '最终决策人为副总裁，采购经理负责比价。' },
  ],
};

export const TASK_TITLES = ['跟进报价反馈', '准备投标文件', '安排产品演示', '催收首付款', '寄送合同', '回访客户满意度', '确认发票信息', '更新客户联系人', 'Prepare renewal quote', '整理会议纪要'];

export const LEADS: { name: string; company: string; title: string; source: string; status: string; province: string; city: string; english?: boolean }[] = [
  { name: '周明', company: '上海启航文化传播有限公司', title: '市场总监', source: 'website', status: 'new', province: '上海市', city: '上海市' },
  { name: '吴芳', company: '杭州悦读教育科技有限公司', title: '校长助理', source: 'event', status: 'contacted', province: '浙江省', city: '杭州市' },
  { name: '郑凯', company: '南京博远建筑设计院', title: '信息中心主任', source: 'ads', status: 'qualified', province: '江苏省', city: '南京市' },
  { name: '王海燕', company: '苏州美佳家居有限公司', title: '电商经理', source: 'website', status: 'new', province: '江苏省', city: '苏州市' },
  { name: '李涛', company: '北京万达通信技术有限公司', title: '采购主管', source: 'cold_call', status: 'contacted', province: '北京市', city: '北京市' },
  { name: '张伟', company: '天津宏远化工有限公司', title: '总经理', source: 'referral', status: 'qualified', province: '天津市', city: '天津市' },
  { name: '刘畅', company: '青岛蓝海水产有限公司', title: '销售经理', source: 'event', status: 'unqualified', province: '山东省', city: '青岛市' },
  { name: '陈晓东', company: '济南鲁信仪器有限公司', title: 'IT经理', source: 'website', status: 'new', province: '山东省', city: '济南市' },
  { name: '黄丽', company: '合肥智造机器人有限公司', title: '副总经理', source: 'referral', status: 'converted', province: '安徽省', city: '合肥市' },
  { name: '孙志远', company: '石家庄华北制药包装有限公司', title: '行政经理', source: 'ads', status: 'new', province: '河北省', city: '石家庄市' },
  { name: 'Tom Walker', company: 'Lighthouse Media Ltd.', title: 'Marketing Director', source: 'website', status: 'contacted', province: '上海市', city: '上海市', english: true },
  { name: 'Grace Lin', company: 'Pacific Freight Co.', title: 'Operations Manager', source: 'event', status: 'new', province: '北京市', city: '北京市', english: true },
  { name: '何静', company: '宁波东港模具有限公司', title: '采购经理', source: 'cold_call', status: 'unqualified', province: '浙江省', city: '宁波市' },
  { name: '马俊', company: '大连星海软件有限公司', title: '技术总监', source: 'website', status: 'qualified', province: '辽宁省', city: '大连市' },
  { name: '罗晓', company: '太原汾河物流有限公司', title: '总经理', source: 'other', status: 'new', province: '山西省', city: '太原市' },
];
