#include "texts.hpp"

#include <iterator>
#include <stdexcept>
#include <string>

#include "random.hpp"

namespace stream_generator {
namespace {

using jishiban::Category;
using jishiban::EventType;

// Unit indexes, in the order of Directory::units.
enum UnitIndex : std::size_t {
  kPlanning,
  kEconomy,
  kFinance,
  kMarket,
  kLabour,
  kEcology,
  kApproval,
  kInvestment,
  kEnforcement,
};

const std::vector<Topic> kTopics = {
    // 规划建设局
    {kPlanning, Category::consultation, "建设工程规划许可证办理材料",
     "我公司计划在{road}地块新建厂房，想咨询办理建设工程规划许可证需要提交哪些材料，设计方案是否需要先行审查？"},
    {kPlanning, Category::consultation, "施工许可证办理时限",
     "我公司{project}已取得规划许可，请问申领施工许可证的办理时限是多少个工作日，能否网上申请？"},
    {kPlanning, Category::consultation, "竣工联合验收流程",
     "{project}主体工程已完工，想了解竣工联合验收的申请流程和需要准备的资料清单。"},
    {kPlanning, Category::general, "施工许可审批超时",
     "我公司于{date}提交{project}施工许可申请，材料已按要求补正，至今已超过承诺时限仍未办结，窗口只答复在走流程，请协调尽快办理。"},
    {kPlanning, Category::general, "厂区周边道路照明",
     "{road}一带路灯长期不亮，夜间员工上下班存在安全隐患，希望尽快维修。"},
    {kPlanning, Category::general, "市政管网接驳",
     "{project}需要接驳{road}市政雨污水管网，申请已提交{days}天，至今没有答复。"},
    {kPlanning, Category::difficult, "项目规划条件调整",
     "我公司{project}因产线升级需要调整容积率和建筑限高，涉及规划条件变更，已与多个部门沟通未果，请求管委会协调。"},
    {kPlanning, Category::difficult, "历史遗留厂房产权办理",
     "我公司位于{road}的厂房建于2008年，因当年手续不全至今无法办理不动产权证，影响企业融资，恳请协调解决。"},

    // 经济发展局
    {kEconomy, Category::consultation, "企业投资项目备案",
     "我公司拟投资建设{project}，请问企业投资项目备案在哪里办理，备案后多长时间可以开工？"},
    {kEconomy, Category::consultation, "高新技术企业认定申报",
     "想咨询今年高新技术企业认定的申报时间和条件，研发费用占比如何计算？"},
    {kEconomy, Category::consultation, "工业企业技术改造补贴",
     "请问经济区对工业企业技术改造有没有补贴政策，补贴比例是多少，{project}能否申报？"},
    {kEconomy, Category::general, "电力增容报装进度",
     "我公司于{date}申请电力增容，供电部门至今未来现场勘查，影响{project}投产，请协调加快。"},
    {kEconomy, Category::general, "统计报表填报",
     "企业在联网直报平台填报{month}月统计报表时系统一直报错无法提交，已多次联系未解决，担心逾期被通报。"},
    {kEconomy, Category::general, "能耗指标核定",
     "{project}节能审查意见中的能耗指标与实际产能不符，申请重新核定，材料已提交{days}天无人联系。"},
    {kEconomy, Category::difficult, "重点项目停工协调",
     "{project}因临时用电和道路施工许可问题停工已近一个月，涉及多个部门，企业损失较大，请求专题协调。"},
    {kEconomy, Category::difficult, "配套企业集中落地",
     "我公司上下游配套企业拟集中落户经济区，涉及用地、环评、能耗等多个环节，希望成立专班统一协调。"},

    // 财政金融局
    {kFinance, Category::consultation, "小微企业贷款贴息",
     "请问小微企业贷款贴息政策今年是否继续执行，我公司{year}年的贷款能否申报？"},
    {kFinance, Category::consultation, "政府采购供应商入库",
     "我公司想参加经济区政府采购项目，请问供应商如何注册入库，需要哪些资质？"},
    {kFinance, Category::consultation, "融资担保费用补助",
     "想咨询融资担保费用补助的申请条件和办理流程，补助比例是多少？"},
    {kFinance, Category::general, "扶持资金拨付",
     "我公司申报的{year}年度扶持资金已于{date}公示，{amount}至今未到账，请问何时拨付？"},
    {kFinance, Category::general, "研发投入补助审核",
     "企业提交的研发投入补助申请已{days}天没有审核结果，系统状态一直显示“审核中”。"},
    {kFinance, Category::general, "政府采购项目回款",
     "我公司承接的政府采购项目已于{date}验收合格，合同约定的{amount}至今未支付，请协调。"},
    {kFinance, Category::difficult, "应急转贷资金",
     "我公司有一笔{amount}的银行贷款下周到期，银行要求先还后续，企业资金周转困难，申请使用应急转贷资金并协调银行续贷。"},
    {kFinance, Category::difficult, "企业资金链风险",
     "受上游客户拖欠货款影响，我公司资金链紧张，已拖欠员工工资和供应商货款，请求协调金融机构给予支持。"},

    // 市场监督管理局
    {kMarket, Category::consultation, "经营范围变更登记",
     "我公司需要增加经营范围，请问变更登记需要哪些材料，能否全程网上办理？"},
    {kMarket, Category::consultation, "食品经营许可证",
     "我们准备在{road}开一家职工餐厅，想了解食品经营许可证的申请条件和办理时限。"},
    {kMarket, Category::consultation, "特种设备使用登记",
     "企业新购置叉车和压力容器各一台，请问特种设备使用登记在哪里办理，需要多长时间？"},
    {kMarket, Category::general, "名称变更登记超时",
     "我公司于{date}提交名称变更登记，窗口承诺{days}个工作日办结，已超期仍未领到新执照。"},
    {kMarket, Category::general, "计量器具检定排期",
     "企业的地磅需要年度检定，预约已{days}天仍未安排，影响正常过磅结算。"},
    {kMarket, Category::general, "窗口人员服务态度",
     "{date}在市场监管窗口办理业务时，工作人员态度生硬，材料问题没有一次性告知，企业来回跑了三趟。"},
    {kMarket, Category::difficult, "跨区域迁移登记",
     "我公司从外地迁入经济区，原登记机关和本地系统信息不一致，迁移登记已卡住{days}天，涉及税务、社保同步变更，请协调。"},
    {kMarket, Category::difficult, "产品质量抽检争议",
     "我公司产品在{date}的抽检中被判定不合格，企业对检验方法有异议，申请复检未获答复，产品已被下架，损失严重。"},

    // 人力资源和社会保障局
    {kLabour, Category::consultation, "稳岗返还申领",
     "请问今年的失业保险稳岗返还政策我公司是否符合条件，需要主动申请吗？"},
    {kLabour, Category::consultation, "社保缴费基数核定",
     "想咨询企业职工社保缴费基数的核定时间和调整办法。"},
    {kLabour, Category::consultation, "人才公寓申请",
     "企业新引进的硕士研究生能否申请经济区人才公寓，需要提供哪些材料？"},
    {kLabour, Category::general, "吸纳就业社保补贴",
     "我公司申请的吸纳就业社保补贴已审核通过，但{amount}至今未到账。"},
    {kLabour, Category::general, "专场招聘会展位",
     "企业报名参加{month}月专场招聘会，至今未收到展位确认通知，请核实。"},
    {kLabour, Category::general, "劳动用工备案系统",
     "企业在线办理劳动用工备案时系统无法上传劳动合同附件，多次尝试失败。"},
    {kLabour, Category::difficult, "调整班次引发劳动争议",
     "我公司因订单减少拟调整生产班次，部分员工不同意并聚集，企业希望人社部门介入指导协商。"},
    {kLabour, Category::difficult, "外籍人才工作许可",
     "企业引进的外籍技术专家工作许可申请涉及学历认证和社保缴纳问题，已办理{days}天仍未完成，影响项目进度。"},

    // 生态环境局
    {kEcology, Category::consultation, "环评文件类别",
     "我公司拟新建{project}，请问应当编制环境影响报告书还是报告表，审批时限是多久？"},
    {kEcology, Category::consultation, "排污许可登记",
     "我公司属于登记管理类企业，排污许可登记表如何填报，需要现场核查吗？"},
    {kEcology, Category::consultation, "危险废物转移联单",
     "想了解危险废物转移联单在省平台的办理流程和时限。"},
    {kEcology, Category::general, "环评批复进度",
     "{project}环评报告表于{date}受理，已超过承诺办理时限，请问目前进展。"},
    {kEcology, Category::general, "周边企业夜间异味",
     "{road}附近有企业夜间排放刺鼻气味，影响我公司员工正常工作，希望尽快查处。"},
    {kEcology, Category::general, "排污许可证延续",
     "企业排污许可证将于下月到期，延续申请已提交{days}天，系统未显示受理。"},
    {kEcology, Category::difficult, "园区污水处理能力不足",
     "我公司扩产后排水量增加，园区污水处理厂接纳能力不足，企业被要求限产，请求协调扩容或临时处置方案。"},
    {kEcology, Category::difficult, "环保整改联合验收",
     "企业按照整改通知完成了废气治理设施改造，但验收涉及环保、应急、消防多个部门，迟迟无法组织，生产线一直停产。"},

    // 行政审批局
    {kApproval, Category::consultation, "审批材料清单",
     "请问办理{permit}需要提交哪些材料，是否可以容缺受理？"},
    {kApproval, Category::consultation, "审批收费标准",
     "想咨询办理{permit}是否收费，收费标准和依据是什么？"},
    {kApproval, Category::consultation, "一网通办操作",
     "企业在一网通办平台办理{permit}时找不到申报入口，请告知操作路径。"},
    {kApproval, Category::general, "审批超过承诺时限",
     "我公司于{date}申请{permit}，承诺时限{days}个工作日，至今未办结，也没有收到补正通知。"},
    {kApproval, Category::general, "窗口人员工作作风",
     "{date}下午在政务服务大厅{window}号窗口办理业务，工作人员中途离岗近半小时，群众排队无人办理。"},
    {kApproval, Category::general, "重复提交材料",
     "企业办理{permit}时被要求重复提交已在系统中上传的营业执照和法定代表人身份证复印件，希望取消不必要的材料。"},
    {kApproval, Category::difficult, "并联审批停滞",
     "{project}的立项、规划、施工许可并联审批中，因一个环节意见不一致全部停滞，已近{days}天，请求牵头协调。"},
    {kApproval, Category::difficult, "下放事项衔接",
     "{permit}权限下放后，上级部门和经济区都说不归自己办，企业无处申请，请明确办理机关。"},

    // 招商服务局
    {kInvestment, Category::consultation, "落户奖励政策",
     "我公司计划在经济区设立区域总部，想了解落户奖励和办公用房补贴政策。"},
    {kInvestment, Category::consultation, "标准厂房租赁",
     "请问经济区标准化厂房还有没有空置，租金和租赁条件是什么？"},
    {kInvestment, Category::consultation, "项目落地服务专员",
     "我公司拟来经济区投资{project}，请问项目落地有没有专门的服务专员对接？"},
    {kInvestment, Category::general, "落户奖励兑现",
     "我公司签约时约定的{amount}落户奖励至今未兑现，多次询问没有明确答复。"},
    {kInvestment, Category::general, "标准厂房交付延期",
     "企业租赁的标准厂房原定{date}交付，至今未交付，影响设备进场安装。"},
    {kInvestment, Category::general, "招商专员联系不上",
     "企业对接的招商专员电话多次无人接听，项目有急事需要沟通。"},
    {kInvestment, Category::difficult, "签约项目用地指标",
     "{project}已签约一年，因用地指标未落实一直无法摘牌，企业考虑撤资，请求协调。"},
    {kInvestment, Category::difficult, "外资项目配套承诺",
     "我公司反映招商阶段承诺的蒸汽、天然气配套至今未到位，涉及多个部门和企业，项目无法按期投产。"},

    // 综合执法局
    {kEnforcement, Category::consultation, "户外广告牌设置",
     "我公司想在厂区门口设置户外广告牌，请问需要办理哪些手续？"},
    {kEnforcement, Category::consultation, "建筑垃圾清运",
     "企业厂房装修产生的建筑垃圾如何合规清运，需要办理什么备案？"},
    {kEnforcement, Category::consultation, "行政处罚信用修复",
     "企业{year}年受过一次行政处罚，请问如何办理信用修复？"},
    {kEnforcement, Category::general, "占道经营影响通行",
     "{road}企业门口长期有流动摊贩占道经营，货车无法正常进出。"},
    {kEnforcement, Category::general, "夜间施工噪音",
     "{road}附近工地夜间施工噪音很大，影响企业倒班员工休息，多次反映未解决。"},
    {kEnforcement, Category::general, "执法检查频次过多",
     "我公司本月已接受{count}次不同部门的执法检查，内容重复，影响正常生产，希望合并检查。"},
    {kEnforcement, Category::difficult, "附属建筑拆除争议",
     "我公司厂区内一处附属建筑被认定为违法建设并要求限期拆除，企业认为当年已取得相关手续，拆除涉及补偿和生产安排，请求协调。"},
    {kEnforcement, Category::difficult, "行政处罚异议",
     "企业对{date}作出的行政处罚决定有异议，认为事实认定不清，希望在申请复议前与执法部门沟通。"},
};

const std::vector<OutOfScopeTopic> kOutOfScope = {
    {"邻里宅基地纠纷", "我与邻居因宅基地边界发生纠纷，请帮忙调解。",
     "《123即时办工作规程》第八条第（一）项：非企业生产经营诉求不予受理"},
    {"已起诉的货款纠纷", "我公司与供货商的货款纠纷已向法院起诉，请管委会督促对方尽快付款。",
     "《123即时办工作规程》第八条第（二）项：已进入诉讼、仲裁或行政复议程序的事项不予受理"},
    {"外省税务事项", "我公司注册地在外省，想请经济区帮忙协调当地税务部门的稽查问题。",
     "《123即时办工作规程》第八条第（三）项：不属于经济区管辖范围的事项不予受理"},
    {"查询竞争对手中标信息", "请帮忙查询我们竞争对手在{date}项目中的中标价格和合同内容。",
     "《123即时办工作规程》第八条第（四）项：涉及商业秘密或个人隐私的事项不予受理"},
    {"信访事项复查", "对{date}信访事项的处理意见不服，要求重新处理。",
     "《123即时办工作规程》第八条第（五）项：依法应当通过信访渠道处理的事项不予受理"},
    {"推销办公用品", "我公司经营办公用品，希望管委会各部门统一向我们采购。",
     "《123即时办工作规程》第八条第（一）项：非企业生产经营诉求不予受理"},
};

const std::vector<const char*> kAfterDispatchRules = {
    "《123即时办工作规程》第十五条：诉求事项已进入行政复议程序的，承办单位应当说明理由并终止办理",
    "《123即时办工作规程》第十六条：诉求无法律政策依据的，承办单位应当向企业说明理由",
    "《123即时办工作规程》第十七条：依法应由上级主管部门办理的事项，承办单位应当告知企业办理渠道",
};

const std::vector<const char*> kMaterials = {
    "项目备案证明", "土地使用权证明", "近三年财务审计报告", "法定代表人授权委托书", "环评批复文件",
    "劳动合同及社保缴纳证明", "施工图审查合格书",
};

const char* const kProjects[] = {
    "年产5万吨精密铸件项目", "智能仓储物流中心项目", "新能源汽车零部件生产线项目", "海洋生物制品研发中心项目",
    "冷链物流园二期项目", "高性能复合材料项目", "船舶配件加工基地项目", "年产3万套工程机械液压件项目",
    "食品精深加工项目", "光伏组件封装项目", "电子元器件产业园项目", "危险废物综合利用项目",
    "港口装卸设备制造项目", "医药中间体技改项目", "绿色建材产业园项目", "数据中心一期项目",
};

const std::vector<const char*> kRoads = {
    "黄河路", "长江路", "普湾大道", "港兴路", "海湾路", "临港路", "新城大街", "滨海东路",
    "兴业路", "创业路", "科技路", "工业园二路", "松岛路", "铁山西路", "滨港大道", "振兴路",
};

const char* const kPermits[] = {
    "建设工程消防设计审查", "食品经营许可证", "道路运输经营许可证", "建筑业企业资质",
    "临时占用道路许可",     "户外广告设置许可", "药品经营许可证",     "城镇污水排入排水管网许可",
};

// Step texts. An empty variant means the step carries no text. The draft's
// texts are its proposed handling.
const std::vector<const char*> kDraft = {"", "建议由{unit}按时限办理并答复企业。", "建议{unit}先与企业电话沟通，核实后答复。", ""};
const std::vector<const char*> kApproveDispatch = {"", "同意。", "同意，请承办单位按时限办理。"};
const std::vector<const char*> kClaim = {"", "请{handler}同志牵头办理，按时限答复企业。",
                                         "由{handler}负责，先与企业取得联系。", ""};
const std::vector<const char*> kFirstContact = {"已电话联系企业，了解具体情况。", "",
                                                "已与企业负责人约定现场核实时间。", "已通过邮件联系企业，请其补充说明情况。"};
const std::vector<const char*> kAnswer = {
    "关于{subject}，已电话答复企业，告知办理依据和流程，并发送办事指南。",
    "已将{subject}相关政策文件和申报指南发给企业，企业表示清楚。",
    "已向企业说明{subject}的办理条件、所需材料和时限，企业可通过一网通办平台申请。",
};
const std::vector<const char*> kPropose = {
    "经核实，{subject}问题属实，拟于3个工作日内协调解决，并将办理进度书面告知企业。",
    "经现场核查，{subject}已安排专人跟进，拟答复企业具体办理时间和联系人。",
    "经与相关科室会商，{subject}可按现行政策办理，拟书面答复企业并指导其补充材料。",
};
const std::vector<const char*> kSignReply = {"同意按拟办意见答复企业。", "", "同意，请注意跟踪落实情况。"};
const std::vector<const char*> kSpecialReport = {
    "关于{subject}的专题报告：问题涉及多个部门职责，建议由管委会召开专题会议协调，工作方案附后。",
    "关于{subject}的专题报告及工作方案：已梳理问题成因和政策依据，拟分三个阶段推进，明确各单位责任和时间节点。",
};
const std::vector<const char*> kApprovePlan = {"同意工作方案，请牵头单位按时间节点推进并及时向企业反馈。",
                                               "同意。请各相关单位密切配合，确保按期解决。"};
const std::vector<const char*> kRevisePlan = {"工作方案中牵头单位和时间节点不明确，请修改后重新报送。",
                                              "请补充资金来源和风险评估，完善后再报。"};
const std::vector<const char*> kAssisting = {"本单位同意主办单位意见，配合办理。",
                                             "经核实，本单位职责范围内的相关手续可在5个工作日内办结。",
                                             "本单位无不同意见，建议主办单位加强与企业沟通。"};
const std::vector<const char*> kOverride = {"{unit}逾期未反馈意见，为不影响答复时限，先行答复企业，协办意见另行补充。"};
const std::vector<const char*> kRequestExtension = {"需现场核查并征求相关部门意见，申请延期{days}个工作日。",
                                                    "企业补充材料需要时间，申请延期{days}个工作日。"};
const std::vector<const char*> kApproveExtension = {"同意延期，请在延长期限内办结。", ""};
const std::vector<const char*> kRejectExtension = {"诉求事项不复杂，不同意延期，请按原时限办结。",
                                                   "延期理由不充分，请按时限答复企业。"};
const std::vector<const char*> kRequestSuspension = {"企业需补充提交{material}，申请挂起。",
                                                     "等待企业提供{material}，申请暂停计时。"};
const std::vector<const char*> kApproveSuspension = {"同意挂起，待企业补齐材料后恢复办理。", ""};
const std::vector<const char*> kRejectSuspension = {"所缺材料可容缺受理，不同意挂起。"};
const std::vector<const char*> kResume = {"企业已补齐材料，恢复办理。", "企业已提供{material}，恢复计时。"};
const std::vector<const char*> kUrge = {"该工单已超过办理时限，请抓紧办理并答复企业。",
                                        "企业来电询问办理进度，请加快办理。", ""};
const std::vector<const char*> kReturnToOffice = {"经核实，该诉求属于{unit}职责范围，建议改派{unit}办理。",
                                                  "该事项不在本单位职责范围内，建议由{unit}承办。"};
const std::vector<const char*> kSendBack = {"拟办意见中承办单位不准确，请重新核实后拟办。",
                                            "诉求要点记录不完整，请与企业核实后重新拟办。"};
const std::vector<const char*> kDeclineAtIntake = {"该诉求不属于123即时办受理范围，不予受理。"};
const std::vector<const char*> kExplainDecline = {"已电话向企业说明不予受理的理由，并告知其他反映渠道。",
                                                  "已书面告知企业不予受理的依据和可选择的办理途径。"};
const std::vector<const char*> kDeclineAfterDispatch = {"经核实，该事项依法不能在本次诉求中办理，已向企业说明理由和办理渠道。"};
const std::vector<const char*> kWithdraw = {"企业来电表示问题已自行解决，申请撤回诉求。",
                                            "企业表示已通过其他途径办理，撤回诉求。"};
const std::vector<const char*> kMerge = {"与此前登记的诉求内容相同，合并办理。", "企业重复反映同一事项，合并到原工单。"};
const std::vector<const char*> kAcceptResult = {"办理结果属实，同意回访。", ""};
const std::vector<const char*> kRework = {"答复未回应企业关于办理时限的诉求，请补充办理。",
                                          "办理结果缺少书面依据，请重新办理并补充材料。"};
const std::vector<const char*> kReopen = {"企业对办理结果不满意，重新交承办单位办理。"};
const std::vector<const char*> kCloseWithNote = {
    "企业诉求已按政策办理到位，不满意原因是诉求超出政策范围，已做好解释，办结。",
    "经核实承办单位已依法依规答复，企业仍不满意，已说明情况，办结。",
};
const std::vector<const char*> kNone = {""};

const std::vector<const char*> kVisitSatisfied = {"企业对办理结果表示满意。", "企业表示问题已解决，满意。"};
const std::vector<const char*> kVisitBasically = {"企业基本满意，希望今后缩短办理时间。",
                                                  "企业基本满意，对答复的及时性有意见。"};
const std::vector<const char*> kVisitDissatisfied = {"企业对答复不满意，认为问题未实际解决。",
                                                     "企业不满意，认为承办单位推诿。"};
const std::vector<const char*> kVisitUnreachable = {"回访电话无人接听。", "回访电话已关机。", "联系人已离职，无法联系。"};

const std::vector<const char*> kReclassifyConsultation = {"诉求实为政策咨询，调整为咨询类。"};
const std::vector<const char*> kReclassifyGeneral = {"诉求需要承办单位实际办理，调整为一般类。"};
const std::vector<const char*> kReclassifyDifficult = {"诉求涉及多个部门协调，调整为疑难类。"};

const std::vector<const char*> kResultHandling = {
    "承办单位与企业沟通并现场核实，按政策办理。", "会同相关部门会商，明确办理路径后答复企业。",
    "经办人电话答复并寄送书面答复函。",
};
const std::vector<const char*> kResultOutcome = {"问题已解决，企业已收到书面答复。", "已按时限答复企业，后续事项已明确责任人。",
                                                 "已办结，企业已按指引完成申请。"};

const std::vector<const char*>& step_pool(EventType type) {
  switch (type) {
    case EventType::draft:
      return kDraft;
    case EventType::approve_dispatch:
      return kApproveDispatch;
    case EventType::claim:
      return kClaim;
    case EventType::record_first_contact:
      return kFirstContact;
    case EventType::answer_consultation:
      return kAnswer;
    case EventType::propose_general:
      return kPropose;
    case EventType::sign_general_reply:
      return kSignReply;
    case EventType::submit_special_report:
      return kSpecialReport;
    case EventType::approve_plan:
      return kApprovePlan;
    case EventType::revise_plan:
      return kRevisePlan;
    case EventType::submit_assisting_opinion:
      return kAssisting;
    case EventType::override_assisting:
      return kOverride;
    case EventType::request_extension:
      return kRequestExtension;
    case EventType::approve_extension:
      return kApproveExtension;
    case EventType::reject_extension:
      return kRejectExtension;
    case EventType::request_suspension:
      return kRequestSuspension;
    case EventType::approve_suspension:
      return kApproveSuspension;
    case EventType::reject_suspension:
      return kRejectSuspension;
    case EventType::resume:
      return kResume;
    case EventType::urge:
      return kUrge;
    case EventType::return_to_office:
      return kReturnToOffice;
    case EventType::send_back:
      return kSendBack;
    case EventType::decline_at_intake:
      return kDeclineAtIntake;
    case EventType::explain_decline:
      return kExplainDecline;
    case EventType::decline_after_dispatch:
      return kDeclineAfterDispatch;
    case EventType::withdraw:
      return kWithdraw;
    case EventType::merge_duplicate:
      return kMerge;
    case EventType::accept_result:
      return kAcceptResult;
    case EventType::request_rework:
      return kRework;
    case EventType::reopen:
      return kReopen;
    case EventType::close_with_note:
      return kCloseWithNote;
    default:
      return kNone;
  }
}

const char* pick(const std::vector<const char*>& pool, std::size_t variant) { return pool[variant % pool.size()]; }

// A date 3 to 45 days before `received`, as 3月5日.
std::string earlier_date(Random& random, const jishiban::Date& received) {
  const jishiban::Date date = received - boost::gregorian::date_duration(random.between(3, 45));
  return std::to_string(static_cast<int>(date.month())) + "月" + std::to_string(static_cast<int>(date.day())) + "日";
}

// An amount of 3.0 to 480.0 ten-thousand yuan, as 36.5万元.
std::string amount(Random& random) {
  const std::int64_t tenths = random.between(30, 4800);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "万元";
}

}  // namespace

const std::vector<Topic>& topics() { return kTopics; }

const std::vector<OutOfScopeTopic>& out_of_scope_topics() { return kOutOfScope; }

const std::vector<const char*>& after_dispatch_rules() { return kAfterDispatchRules; }

const std::vector<const char*>& missing_materials() { return kMaterials; }

const std::vector<const char*>& road_names() { return kRoads; }

std::string fill_template(std::string_view text,
                          const std::vector<std::pair<std::string_view, std::string>>& values) {
  std::string out;
  out.reserve(text.size() + 64);
  std::size_t position = 0;
  while (position < text.size()) {
    const std::size_t open = text.find('{', position);
    if (open == std::string_view::npos) {
      out.append(text.substr(position));
      break;
    }
    const std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) {
      throw std::logic_error("unclosed placeholder in text template: " + std::string(text));
    }
    out.append(text.substr(position, open - position));
    const std::string_view key = text.substr(open + 1, close - open - 1);
    bool found = false;
    for (const auto& [name, value] : values) {
      if (name == key) {
        out += value;
        found = true;
        break;
      }
    }
    if (!found) {
      throw std::logic_error("no value for placeholder {" + std::string(key) + "} in text template: " +
                             std::string(text));
    }
    position = close + 1;
  }
  return out;
}

std::string request_content(const char* text, jishiban::Channel channel, std::uint64_t seed,
                            const jishiban::Date& received, bool repeated) {
  Random random(seed);
  // Every slot is drawn, used or not, so each slot's value depends only on
  // the seed and not on which placeholders the template holds.
  const std::string date = earlier_date(random, received);
  const jishiban::Date month_date = received - boost::gregorian::date_duration(random.between(0, 20));
  const std::vector<std::pair<std::string_view, std::string>> values = {
      {"project", kProjects[random.index(std::size(kProjects))]},
      {"road", kRoads[random.index(kRoads.size())]},
      {"date", date},
      {"amount", amount(random)},
      {"days", std::to_string(random.between(5, 40))},
      {"count", std::to_string(random.between(3, 6))},
      {"month", std::to_string(static_cast<int>(month_date.month()))},
      {"permit", kPermits[random.index(std::size(kPermits))]},
      {"window", std::to_string(random.between(1, 28))},
      {"year", std::to_string(static_cast<int>(received.year()) - 1)},
  };
  std::string prefix;
  if (repeated) {
    prefix = "企业再次反映此前诉求：";
  } else {
    switch (channel) {
      case jishiban::Channel::hotline:
        prefix = "来电反映：";
        break;
      case jishiban::Channel::email:
        prefix = "来信反映：";
        break;
      case jishiban::Channel::wechat:
        prefix = "公众号留言：";
        break;
    }
  }
  return prefix + fill_template(text, values);
}

std::size_t step_text_count(EventType type) { return step_pool(type).size(); }

const char* step_text(EventType type, std::size_t variant) { return pick(step_pool(type), variant); }

const char* visit_text(int satisfaction, std::size_t variant) {
  switch (satisfaction) {
    case 0:
      return pick(kVisitSatisfied, variant);
    case 1:
      return pick(kVisitBasically, variant);
    case 2:
      return pick(kVisitDissatisfied, variant);
    default:
      return pick(kVisitUnreachable, variant);
  }
}

const char* reclassify_text(Category category, std::size_t variant) {
  switch (category) {
    case Category::consultation:
      return pick(kReclassifyConsultation, variant);
    case Category::general:
      return pick(kReclassifyGeneral, variant);
    case Category::difficult:
      return pick(kReclassifyDifficult, variant);
  }
  return "";
}

const char* result_handling_text(std::size_t variant) { return pick(kResultHandling, variant); }

const char* result_outcome_text(std::size_t variant) { return pick(kResultOutcome, variant); }

}  // namespace stream_generator
