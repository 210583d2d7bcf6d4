import {
  ClusterOutlined,
  NotificationOutlined,
  MailOutlined,
  SendOutlined,
  AimOutlined,
  AppstoreOutlined,
  BankOutlined,
  CheckSquareOutlined,
  ContactsOutlined,
  ContainerOutlined,
  CustomerServiceOutlined,
  FileDoneOutlined,
  FundOutlined,
  MessageOutlined,
  MoneyCollectOutlined,
  ReadOutlined,
  ScheduleOutlined,
  ShoppingOutlined,
  TagsOutlined,
  TeamOutlined,
} from '@ant-design/icons';

/** Icon per object (from metadata's icon name); unknown objects get a generic one. */
const ICONS: Record<string, React.ReactNode> = {
  customers: <BankOutlined />,
  contacts: <ContactsOutlined />,
  leads: <AimOutlined />,
  deals: <FundOutlined />,
  activities: <MessageOutlined />,
  tasks: <CheckSquareOutlined />,
  quotes: <FileDoneOutlined />,
  orders: <ContainerOutlined />,
  payment_plans: <ScheduleOutlined />,
  payments: <MoneyCollectOutlined />,
  products: <ShoppingOutlined />,
  price_books: <TagsOutlined />,
  kb_articles: <ReadOutlined />,
  segments: <ClusterOutlined />,
  campaigns: <NotificationOutlined />,
  marketing_templates: <MailOutlined />,
  marketing_sends: <SendOutlined />,
  // 工单 and 客服组 each their own: both fell back to the generic icon.
  tickets: <CustomerServiceOutlined />,
  support_groups: <TeamOutlined />,
};

export const objectIcon = (name: string) => ICONS[name] ?? <AppstoreOutlined />;
