// zh-CN messages for the "home" area. The English file must have exactly the same keys.
export default {
  noBranch: '尚未设置支部',
  untitled: '（未填写会议名称）',
  storageTitle: '本机存储',
  quarterName: { 1: '第一季度', 2: '第二季度', 3: '第三季度', 4: '第四季度' },
  quick: {
    button: '记一笔',
    title: '选择记录类型',
  },
  firstRun: {
    title: '欢迎使用支部纪实',
    body: '用手机记录“三会一课”等组织生活，没有网络也能用。开始前需要：',
    step1: '填写支部名称和上级党组织',
    step2: '导入或添加党员名册（用于签到和计算应到、实到人数）',
    step3: '设置党小组和支部委员会',
    setUp: '设置支部',
    offlineNote: '所有内容都保存在这台手机上。',
    rosterTitle: '还没有党员名册',
    rosterBody: '记录签到、计算应到和实到人数都需要名册。可以从 Excel 或 CSV 文件导入，也可以逐个添加。',
    importRoster: '导入名册',
    addMembers: '逐个添加',
  },
  due: {
    month: '本月（{month}月）应开展',
    quarter: '本季度（{quarter}）应开展',
    year: '本年度（{year}年）应开展',
    daysLeft: '还剩 {n} 天',
    lastDay: '今天是最后一天',
    heldOfRequired: '已开展 {held} / 应开展 {required}',
    groupCount: '{name} {held}/{required}',
    localRule: '（地方做法）',
  },
  drafts: {
    title: '未完成的草稿（{n}）',
    savedAt: '保存于 {time}',
  },
  recent: {
    title: '最近的记录',
    empty: '还没有记录。点上方“记一笔”开始。',
    draft: '草稿',
    late: '补记',
  },
}
