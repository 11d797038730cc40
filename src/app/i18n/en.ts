import type zhCN from './zh-CN'

const en: typeof zhCN = {
  app: { name: 'Branch Records' },
}
export default en
