// zh-CN messages shared by every area. The English file must have exactly the same keys.
// vue-i18n syntax: `{x}` is a parameter; write a literal @ as {'@'} and never use | (plural separator).
export default {
  app: { name: '支部纪实' },
  common: {
    save: '保存',
    done: '完成',
    cancel: '取消',
    loading: '正在读取…',
    back: '返回',
  },
  shell: {
    navigation: '主要页面',
    tabs: { home: '首页', books: '记录本', search: '搜索', settings: '我的' },
    offline: '离线 · 记录照常保存在本机',
    update: {
      title: '有新版本',
      body: '更新前会先保存正在编辑的内容。',
      now: '更新',
      later: '稍后',
      offlineReady: '已可离线使用',
    },
  },
  errors: {
    store: {
      quota: '手机存储空间不足，这次没有保存成功。',
      closed: '本地数据库的连接已断开，这次没有保存成功。请重新打开应用。',
      invalid: '这份数据无法保存。',
      'not-found': '没有找到这条数据，可能已被删除。',
      'corrupt-backup': '备份文件已损坏或不是本应用导出的备份。',
      unknown: '本地保存出错。',
    },
    chunk: '这个页面还没有下载到本机，请联网后再打开一次。',
    unexpected: '出错了：{message}',
    connection: {
      versionchangeTitle: '应用已在另一个窗口更新',
      versionchange: '这个窗口不能再保存。请重新加载页面，已保存的内容不会丢失。',
      reload: '重新加载',
      blocked: '应用的另一个窗口还开着，请关闭它以完成更新。',
    },
  },
}
