// zh-CN messages shared by every area. The English file must have exactly the same keys.
export default {
  app: { name: '支部纪实' },
}
