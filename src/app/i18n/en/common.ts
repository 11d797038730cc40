import type zh from '../zh-CN/common'

const en: typeof zh = {
  app: { name: 'Branch Records' },
}
export default en
