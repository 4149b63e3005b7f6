"""The words synthetic archives are made of (testsupport/synthetic.py): subjects, title and body
phrases, publications, leaders, people and which departments write on which topics, as offices write them."""

SUBJECTS = {
    "agriculture": ["棉花病虫害防治", "玉米机收", "酿酒葡萄标准化种植", "高标准农田建设", "设施农业", "农企利益联结",
                    "订单农业", "特色林果提质增效", "春耕备耕", "农产品冷链物流"],
    "livestock": ["细毛羊品种改良", "牲畜口蹄疫防控", "牧区定居点建设", "冬春草料储备", "奶业振兴", "肉牛养殖"],
    "mining": ["矿业产值增长", "矿山安全整治", "绿色矿山建设", "尾矿库治理", "矿产资源整合", "矿区生态修复"],
    "tourism": ["冬季冰雪旅游", "A级景区创建", "乡村旅游民宿", "旅游旺季接待", "文旅融合发展"],
    "trade": ["口岸通关便利化", "边民互市贸易", "进出口超额完成计划", "跨境电商", "外贸企业稳订单"],
    "employment": ["下岗失业人员再就业", "高校毕业生就业", "农民工技能培训", "劳务输出", "零就业家庭帮扶"],
    "rural": ["驻村干部跑订单", "村集体经济增收", "易地搬迁后续扶持", "防止返贫动态监测", "人居环境整治"],
    "disaster": ["防寒防雪灾", "汛期地质灾害防范", "春季防汛", "森林草原防火", "抗旱保苗"],
    "safety": ["高压锅炉安全", "危化品运输监管", "道路交通安全整治", "燃气安全排查", "建筑施工安全"],
    "ecology": ["白色污染治理", "草原生态保护补奖", "河湖长制落实", "大气污染联防联控", "农村生活垃圾治理"],
    "petition": ["信访积案化解", "矛盾纠纷多元化解", "群众来访接待", "重复信访治理"],
}

TITLES = {
    "动态": ["{place}全面启动{subject}工作", "{place}扎实推进{subject}", "{place}{subject}取得阶段性成效",
             "{place}召开{subject}推进会"],
    "经验": ["{place}采取{n}项措施推进{subject}", "{place}探索{subject}新路子", "{place}以{subject}为抓手促发展",
             "{place}率先出台{subject}地方标准"],
    "问题建议": ["{place}{subject}存在的问题及对策", "当前{place}{subject}亟待加强", "警惕{subject}中的新情况新问题",
                 "{place}{subject}令人担忧"],
    "调研": ["关于{place}{subject}情况的调研", "{place}{subject}调查与思考", "从{place}看{subject}的难点与出路"],
    "预测": ["今年{place}{subject}形势预计好于上年", "预计今年{place}{subject}将面临较大压力", "{place}{subject}后期走势分析"],
    "紧急": ["{place}紧急部署{subject}工作", "{place}连夜组织开展{subject}", "{place}迅速应对{subject}突发情况"],
}

OPENINGS = [
    "近日，{place}围绕{subject}，组织相关部门深入一线调查摸底，逐项明确责任分工和完成时限。",
    "今年以来，{place}把{subject}作为重点工作来抓，主要负责同志多次专题研究、现场调度。",
    "{month}，{place}针对{subject}中群众反映集中的问题，开展了为期一个月的专项行动。",
]
MEASURES = [
    "建立周调度、月通报制度，对进度滞后的乡镇街道挂牌督办",
    "整合涉农资金{money}万元，集中用于关键环节和薄弱环节",
    "组织技术人员{people}人次进村入户开展现场指导",
    "与辖区企业签订合作协议{n}份，稳定了群众收入预期",
    "设立举报电话和线上反映渠道，发现问题立行立改",
    "将工作成效纳入年度目标考核，压实属地和部门责任",
]
PROBLEMS = [
    "一是基层专业技术力量不足，部分乡镇仅有一名兼职人员；二是资金到位滞后，影响工程进度；三是群众参与积极性有待提高。",
    "一是设施设备老化，安全隐患较多；二是部门之间信息共享不够，监管存在空档；三是政策宣传不到位，部分群众不知晓。",
]
SUGGESTIONS = [
    "建议行署有关部门加大统筹力度，在资金、项目和人才上给予倾斜，并将此项工作列入下一年度重点督查事项。",
    "建议建立跨部门联席会议制度，定期会商研判，及时协调解决工作中遇到的困难和问题。",
]
PUBLICATIONS = {"city": ["昨日情况"], "province": ["昨日要情", "参阅信息", "信息专报"], "state": ["国务院办公厅信息"]}
LEADERS = {"city": ["市长", "副市长"], "province": ["副省长", "省政府秘书长"], "state": ["国务院领导同志"]}
INSTRUCTIONS = ["请有关部门认真研究，抓好落实。", "此经验做法很好，可在全区推广。", "请跟踪指导，及时报告进展情况。"]
SIGNERS = ["张建国", "王志刚"]
EDITORS = ["李敏", "赵丽"]
AUTHORS = ["王明", "刘洋", "陈静", "马涛", "古丽", "杨帆", "周晓燕", "阿依努尔", "孙磊", "何平"]
FOREWORDS = [
    "本期刊发的几篇信息，反映了各地在{subject}方面的好做法，请各地各部门结合实际学习借鉴。",
    "{subject}事关群众切身利益。本期集中编发有关情况，请各有关单位高度重视，认真研究解决。",
]
MARKING = "内部资料 注意保存"
# Departments write about their own work; county and township offices about anything.
UNIT_TOPICS = {"农业": ["agriculture", "livestock", "rural"], "商务": ["trade", "tourism"], "人社": ["employment"],
               "生态": ["ecology"], "信访": ["petition"], "安监": ["safety"], "应急": ["safety", "disaster"]}
