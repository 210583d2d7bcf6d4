import {
  AimOutlined,
  AppstoreOutlined,
  BankOutlined,
  CheckSquareOutlined,
  ContactsOutlined,
  FundOutlined,
  MessageOutlined,
} from '@ant-design/icons';

/** Icon per object (from metadata's icon name); unknown objects get a generic one. */
const ICONS: Record<string, React.ReactNode> = {
  customers: <BankOutlined />,
  contacts: <ContactsOutlined />,
  leads: <AimOutlined />,
  deals: <FundOutlined />,
  activities: <MessageOutlined />,
  tasks: <CheckSquareOutlined />,
};

export const objectIcon = (name: string) => ICONS[name] ?? <AppstoreOutlined />;
