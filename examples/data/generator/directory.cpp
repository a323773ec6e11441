#include "directory.hpp"

#include <iterator>
#include <set>
#include <string>
#include <utility>

#include "random.hpp"
#include "texts.hpp"

namespace stream_generator {
namespace {

struct UnitSpec {
  const char* name;
  const char* code;
  int request_weight;
  int late_permille;
  const char* leader;
  std::vector<const char*> handlers;
};

// Planning and law enforcement run late most often, which gives the stream
// its breaches and escalations.
const UnitSpec kUnits[] = {
    {"规划建设局", "GHJS", 14, 180, "孙国栋", {"刘海峰", "陈静", "王宇航", "赵丽娜"}},
    {"经济发展局", "JJFZ", 10, 70, "周立新", {"吴思远", "郑晓燕", "冯博"}},
    {"财政金融局", "CZJR", 9, 60, "何建平", {"许文静", "韩磊"}},
    {"市场监督管理局", "SCJG", 15, 80, "马春雷", {"高雅琴", "林峰", "罗佳", "唐志强"}},
    {"人力资源和社会保障局", "RLSB", 12, 70, "郭红梅", {"梁晨", "宋晓东", "谢婷"}},
    {"生态环境局", "STHJ", 8, 120, "曹永刚", {"邓雪", "彭浩然"}},
    {"行政审批局", "XZSP", 16, 60, "蒋明哲", {"田甜", "董子健", "袁芳", "潘宏伟"}},
    {"招商服务局", "ZSFW", 8, 90, "杜海涛", {"程一鸣", "魏蕾", "石磊"}},
    {"综合执法局", "ZHZF", 8, 160, "姚振华", {"邵军", "付晓丽"}},
};

struct Surname {
  const char* hanzi;
  const char* pinyin;
};

const Surname kSurnames[] = {
    {"王", "wang"},   {"李", "li"},     {"张", "zhang"}, {"刘", "liu"},   {"陈", "chen"},   {"杨", "yang"},
    {"赵", "zhao"},   {"黄", "huang"},  {"周", "zhou"},  {"吴", "wu"},    {"徐", "xu"},     {"孙", "sun"},
    {"胡", "hu"},     {"朱", "zhu"},    {"高", "gao"},   {"林", "lin"},   {"何", "he"},     {"郭", "guo"},
    {"马", "ma"},     {"罗", "luo"},    {"梁", "liang"}, {"宋", "song"},  {"郑", "zheng"},  {"谢", "xie"},
    {"韩", "han"},    {"唐", "tang"},   {"冯", "feng"},  {"于", "yu"},    {"董", "dong"},   {"萧", "xiao"},
    {"程", "cheng"},  {"曹", "cao"},    {"袁", "yuan"},  {"邓", "deng"},  {"许", "xu"},     {"傅", "fu"},
    {"沈", "shen"},   {"曾", "zeng"},   {"彭", "peng"},  {"吕", "lv"},    {"苏", "su"},     {"卢", "lu"},
    {"蒋", "jiang"},  {"蔡", "cai"},    {"贾", "jia"},   {"丁", "ding"},  {"魏", "wei"},    {"薛", "xue"},
    {"欧阳", "ouyang"}, {"司马", "sima"},
};

const char* const kGivenNames[] = {
    "建国", "志强", "海燕", "丽华", "明辉", "秀英", "伟", "芳", "敏", "静", "磊", "洋", "勇", "艳",
    "杰", "娟", "涛", "超", "霞", "平", "刚", "桂英", "玉兰", "春梅", "晓东", "红霞", "立新", "文博",
    "子涵", "浩然", "思远", "雨桐", "梓轩", "欣怡", "宇航", "佳琪", "俊杰", "慧敏", "国庆", "建华",
    "卫东", "永红", "淑珍", "德胜", "振宇", "晓雪", "婷婷", "鹏", "琳", "军", "旭东", "金凤", "长江",
    "海波", "瑞", "晨", "一鸣", "家豪", "雪梅", "成龙",
};

struct Brand {
  const char* hanzi;
  const char* pinyin;
};

const Brand kBrands[] = {
    {"恒信", "hengxin"},   {"华宇", "huayu"},       {"瑞丰", "ruifeng"},   {"鑫达", "xinda"},
    {"永盛", "yongsheng"}, {"海诚", "haicheng"},    {"宏远", "hongyuan"},  {"天成", "tiancheng"},
    {"博创", "bochuang"},  {"泰和", "taihe"},       {"锦程", "jincheng"},  {"凯越", "kaiyue"},
    {"润泽", "runze"},     {"安达", "anda"},        {"嘉禾", "jiahe"},     {"盛源", "shengyuan"},
    {"新港", "xingang"},   {"远航", "yuanhang"},    {"汇通", "huitong"},   {"明阳", "mingyang"},
    {"金桥", "jinqiao"},   {"德隆", "delong"},      {"顺发", "shunfa"},    {"丰华", "fenghua"},
    {"志诚", "zhicheng"},  {"启明", "qiming"},      {"立信", "lixin"},     {"众合", "zhonghe"},
    {"长兴", "changxing"}, {"海晟", "haisheng"},    {"普润", "purun"},     {"银帆", "yinfan"},
};

struct Industry {
  const char* hanzi;
  const char* code;
};

const Industry kIndustries[] = {
    {"机械制造", "jx"},   {"精密铸造", "zz"},   {"新材料科技", "xcl"}, {"食品", "sp"},     {"化工", "hg"},
    {"物流", "wl"},       {"电子科技", "dz"},   {"建筑工程", "jz"},    {"船舶配件", "cb"}, {"汽车零部件", "qp"},
    {"医药", "yy"},       {"塑料制品", "sl"},   {"包装", "bz"},        {"环保科技", "hb"}, {"海洋生物", "hy"},
    {"国际贸易", "gm"},   {"能源", "ny"},       {"钢结构", "ggj"},
};

const char* const kPlaces[] = {"大连", "大连普湾", "普湾", "辽宁"};

const char* const kForms[] = {"有限公司", "有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"};

const char* const kMobilePrefixes[] = {"130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
                                       "151", "152", "153", "155", "156", "158", "159", "177", "180", "186",
                                       "187", "188", "189", "199"};

const char* const kPersonalMailDomains[] = {"163.com", "126.com", "qq.com", "sina.com"};

// Companies in the pool: enough that a year of 3000 requests repeats some
// enterprises but not most of them.
constexpr std::size_t kCompanyCount = 1200;

// Fixed seed of the company pool, so every stream seed uses the same
// enterprises.
constexpr std::uint64_t kCompanySeed = 0x6a6973686962616eULL;

std::string digits(Random& random, int count) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    text += static_cast<char>('0' + random.below(10));
  }
  return text;
}

Contact make_contact(Random& random, const Brand& brand, const Industry& industry) {
  const Surname& surname = kSurnames[random.index(std::size(kSurnames))];
  Contact contact;
  contact.name = std::string(surname.hanzi) + kGivenNames[random.index(std::size(kGivenNames))];
  contact.phone = kMobilePrefixes[random.index(std::size(kMobilePrefixes))];
  contact.phone += digits(random, 8);

  const std::size_t form = random.below(3);
  const std::string number = digits(random, 3);
  const char* const domain = kPersonalMailDomains[random.index(std::size(kPersonalMailDomains))];
  switch (form) {
    case 0:
      contact.email = std::string(surname.pinyin) + "@" + brand.pinyin + industry.code + ".com.cn";
      break;
    case 1:
      contact.email = std::string(surname.pinyin) + number + "@" + domain;
      break;
    default:
      contact.email = std::string(brand.pinyin) + "_" + surname.pinyin + "@" + domain;
      break;
  }
  return contact;
}

}  // namespace

Directory::Directory() {
  const std::string office;  // office and committee roles have no unit
  using jishiban::Role;
  service_officers_ = {add_actor("BGS-S01", "王丽", Role::service_officer, office),
                       add_actor("BGS-S02", "李娜", Role::service_officer, office),
                       add_actor("BGS-S03", "张伟", Role::service_officer, office),
                       add_actor("BGS-S04", "刘洋", Role::service_officer, office)};
  office_leaders_ = {add_actor("BGS-L01", "陈建华", Role::office_leader, office),
                     add_actor("BGS-L02", "黄志明", Role::office_leader, office)};
  supervisor_ = add_actor("BGS-D01", "杨帆", Role::office_supervisor, office);
  reviewers_ = {add_actor("BGS-R01", "赵敏", Role::reviewer, office),
                add_actor("BGS-R02", "周涛", Role::reviewer, office)};
  committee_leader_ = add_actor("GWH-L01", "徐国强", Role::committee_leader, office);
  add_units();
  add_companies();
}

std::size_t Directory::add_actor(std::string id, std::string name, jishiban::Role role, std::string unit) {
  actors_.push_back(jishiban::Actor{std::move(id), std::move(name), role, std::move(unit)});
  return actors_.size() - 1;
}

void Directory::add_units() {
  for (const UnitSpec& spec : kUnits) {
    Unit unit;
    unit.name = spec.name;
    unit.code = spec.code;
    unit.request_weight = spec.request_weight;
    unit.late_permille = spec.late_permille;
    unit.leader = add_actor(unit.code + "-L01", spec.leader, jishiban::Role::unit_leader, unit.name);
    int number = 1;
    for (const char* handler : spec.handlers) {
      const std::string id = unit.code + "-H0" + std::to_string(number++);
      unit.handlers.push_back(add_actor(id, handler, jishiban::Role::handler, unit.name));
    }
    units_.push_back(std::move(unit));
  }
}

void Directory::add_companies() {
  Random random(kCompanySeed);
  std::set<std::string> names;
  while (companies_.size() < kCompanyCount) {
    const Brand& brand = kBrands[random.index(std::size(kBrands))];
    const Industry& industry = kIndustries[random.index(std::size(kIndustries))];
    const char* const place = kPlaces[random.index(std::size(kPlaces))];
    const char* const form = kForms[random.index(std::size(kForms))];
    Company company;
    company.name = std::string(place) + brand.hanzi + industry.hanzi + form;
    if (!names.insert(company.name).second) {
      continue;
    }
    const char* const road = road_names()[random.index(road_names().size())];
    const std::int64_t number = random.between(1, 388);
    company.address = std::string("大连市普湾经济区") + road + std::to_string(number) + "号";
    const int contacts = random.between_int(1, 3);
    for (int i = 0; i < contacts; ++i) {
      company.contacts.push_back(make_contact(random, brand, industry));
    }
    companies_.push_back(std::move(company));
  }
}

jishiban::Requester Directory::requester(std::size_t company, std::size_t contact, std::uint8_t fields) const {
  const Company& c = companies_.at(company);
  const Contact& person = c.contacts.at(contact % c.contacts.size());
  jishiban::Requester requester;
  if (fields & kName) {
    requester.name = person.name;
  }
  if (fields & kCompany) {
    requester.company = c.name;
  }
  if (fields & kAddress) {
    requester.address = c.address;
  }
  if (fields & kPhone) {
    requester.phone = person.phone;
  }
  if (fields & kEmail) {
    requester.email = person.email;
  }
  return requester;
}

}  // namespace stream_generator
