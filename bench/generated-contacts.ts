/** The contacts both import benchmarks write: Chinese names and companies, unique mobiles and emails. */
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';
const CITIES = ['北京', '上海', '深圳', '杭州', '成都', '武汉', '南京', '苏州'];
const TRADES = ['星辰科技', '云帆贸易', '海岸电子', '华泰制造', '鼎盛物流', '嘉禾医疗'];

export interface GeneratedContact {
  name: string;
  company: string;
  title: string;
  mobile: string;
  email: string;
  gender: '男' | '女';
}

/** Contact number k (the same k always gives the same contact). */
export function generatedContact(k: number): GeneratedContact {
  return {
    name: SURNAMES[k % SURNAMES.length] + GIVEN[(k * 7) % GIVEN.length] + (k % 3 ? GIVEN[(k * 13) % GIVEN.length] : ''),
    company: `${CITIES[k % CITIES.length]}${TRADES[(k >> 3) % TRADES.length]}有限公司`,
    title: '经理',
    mobile: `1${String(3000000000 + k).padStart(10, '0')}`,
    email: `user${k}@example.cn`,
    gender: k % 2 ? '男' : '女',
  };
}
