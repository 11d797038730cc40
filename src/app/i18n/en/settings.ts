import type zh from '../zh-CN/settings'

const en: typeof zh = {
}
export default en
