import {
  ClusterOutlined,
  NotificationOutlined,
  GiftOutlined,
  AimOutlined,
  AppstoreOutlined,
  BankOutlined,
  CheckSquareOutlined,
  ContactsOutlined,
  ContainerOutlined,
  FileDoneOutlined,
  FundOutlined,
  MessageOutlined,
  MoneyCollectOutlined,
  ReadOutlined,
  ScheduleOutlined,
  ShoppingOutlined,
  TagsOutlined,
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
  coupons: <GiftOutlined />,
};

export const objectIcon = (name: string) => ICONS[name] ?? <AppstoreOutlined />;
